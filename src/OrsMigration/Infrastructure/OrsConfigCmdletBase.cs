using System.Linq;
using System.Management.Automation;
using OrsMigration.Config;

namespace OrsMigration.Commands
{
    /// <summary>A cmdlet working on a configuration store: -Connection, or the current one.</summary>
    public abstract class OrsConfigCmdletBase : OrsCmdletBase
    {
        [Parameter]
        [ValidateNotNull]
        public OrsConfigConnection Connection { get; set; }

        private OrsConfigConnection _resolved;

        protected OrsConfigConnection ActiveConnection
        {
            get
            {
                if (_resolved != null) return _resolved;
                var c = Connection ?? ConnectionRegistry.CurrentConfig;
                if (c == null || !c.IsOpen)
                    ThrowOrs("NotConnected", OrsErrorKind.InvalidOperation,
                        "No configuration store is connected. Run Connect-OrsConfigServer -Path <store folder> (or New-OrsLab) first, or pass -Connection.", null);
                return _resolved = c;
            }
        }

        protected ConfigRepository Repository => ActiveConnection.Repository;

        /// <summary>The Application an input stands for (ApplicationLookup), from this cmdlet's store.</summary>
        protected OrsApplication Resolve(OrsApplication input) => ApplicationLookup.Resolve(input, ActiveConnection);

        /// <summary>Resolve for one pipeline item: a failure is that item's error, and the next goes on.</summary>
        protected OrsApplication ResolveOrReport(OrsApplication input)
        {
            try { return Resolve(input); }
            catch (OrsException e) { WriteOrsError(e); return null; }
        }

        /// <summary>Ctrl+C also abandons the store's requests in flight (a GAX call may otherwise wait out its timeout).</summary>
        protected override void StopProcessing()
        {
            base.StopProcessing();
            _resolved?.Store.CancelPending();
        }

        /// <summary>
        /// Writes an option plan for one Application under ShouldProcess. Saves a copy, so a
        /// refused or failed write leaves the caller's object as it was; on success the object
        /// takes the saved state. Emits the change records, or the Application with -PassThru
        /// (under -WhatIf, a preview copy with the planned options). modifyObject changes
        /// fields other than options on the copy; verify runs after the write.
        /// </summary>
        protected void ApplyOptionPlan(OptionPlan plan, string action, bool force, bool passThru,
            System.Action<OrsApplication> modifyObject = null, System.Action<OrsApplication> verify = null)
        {
            var app = plan.Application;
            foreach (var w in plan.Warnings) WriteWarning(w);
            if (!plan.ChangesAnything && modifyObject == null)
            {
                WriteVerbose($"{app.Label}: nothing to change.");
                if (passThru) WriteObject(app);
                return;
            }
            var updated = app.Clone();
            updated.Options = plan.Desired;
            modifyObject?.Invoke(updated);
            if (!ShouldApply(app.Label, $"{action}: {Describe(plan)}", force))
            {
                if (IsWhatIf && passThru) WriteObject(updated);
                return;
            }
            Repository.Save(updated);
            app.CopyFrom(updated);
            verify?.Invoke(app);
            if (passThru) WriteObject(app);
            else foreach (var c in plan.Changes) { c.Applied = true; WriteObject(c); }
        }

        private static string Describe(OptionPlan plan)
        {
            if (plan.Changes.Count == 0) return "no option changes";
            var parts = plan.Changes.Take(6).Select(c => $"{c.Action.ToString().ToLowerInvariant()} {c.Section}/{c.Name}");
            return string.Join(", ", parts) + (plan.Changes.Count > 6 ? $" and {plan.Changes.Count - 6} more" : string.Empty);
        }
    }
}
