using System;
using System.Collections.Generic;
using System.Management.Automation;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>A cmdlet operating servers: -InputObject (Applications or nodes) and -Control, or the current control (a lab's).</summary>
    public abstract class OrsServerCmdletBase : OrsCmdletBase
    {
        /// <summary>An OrsApplication, or an OrsNode (both of its Applications).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject InputObject { get; set; }

        [Parameter]
        [ValidateNotNull]
        public OrsServerControl Control { get; set; }

        protected OrsServerControl ActiveControl
        {
            get
            {
                var c = Control ?? ConnectionRegistry.CurrentControl;
                if (c == null)
                    ThrowOrs("NoServerControl", OrsErrorKind.InvalidOperation,
                        "No server control: pass -Control (New-OrsServerControl), or create a lab with New-OrsLab.", null);
                return c;
            }
        }

        protected IEnumerable<OrsApplication> Applications()
        {
            switch (InputObject.BaseObject)
            {
                case OrsApplication app: return new[] { app };
                case OrsNode node: return node.Applications;
                default:
                    ThrowOrs("ServerInputInvalid", OrsErrorKind.InvalidArgument, $"-InputObject takes an OrsApplication or an OrsNode, not a {InputObject.BaseObject?.GetType().Name}.", InputObject);
                    return null;
            }
        }

        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

        /// <summary>
        /// Waits through the engine's one waiter until done says so; the timeout is an OrsMigration.ServerTimeout
        /// error, Ctrl+C stops the pipeline.
        /// </summary>
        protected OrsServerStatus WaitFor(OrsApplication app, Func<OrsServerStatus, bool> done, TimeSpan timeout,
            string what)
        {
            try
            {
                return new Upgrade.StateWaiter(ActiveControl, PollInterval, "ServerTimeout")
                    .WaitFor(app, done, timeout, what, CancelToken);
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
