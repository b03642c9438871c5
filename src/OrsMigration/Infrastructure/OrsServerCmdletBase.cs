using System;
using System.Collections.Generic;
using System.Diagnostics;
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

        /// <summary>Polls the status until done says so or the timeout passes (then an OrsMigration.ServerTimeout error).</summary>
        protected OrsServerStatus WaitFor(OrsApplication app, Func<OrsServerStatus, bool> done, TimeSpan timeout, string what)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                var status = ActiveControl.Status(app);
                if (done(status)) return status;
                if (watch.Elapsed >= timeout)
                    throw new OrsException("ServerTimeout", OrsErrorKind.OperationTimeout,
                        $"{app.Label} did not {what} within {timeout.TotalSeconds:0.#} s (it is {status.Status}, {status.Mode}).", app);
                if (CancelToken.WaitHandle.WaitOne(200)) throw new PipelineStoppedException();
            }
        }
    }
}
