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

        /// <summary>
        /// The Application an input stands for. Objects from the store pass as they are; anything else
        /// PowerShell bound (an object with Name or Dbid, an Import-Csv row, an ApplicationName, a
        /// string) is looked up, by DBID when it has one, else by exact name: never used as it is.
        /// </summary>
        protected OrsApplication Resolve(OrsApplication input)
        {
            if (input.FromStore) return input;
            var found = input.Dbid > 0 ? Repository.GetApplication(input.Dbid) : null;
            if (input.Dbid <= 0 && !string.IsNullOrEmpty(input.Name))
            {
                var named = Repository.FindApplicationsExact(input.Name);
                if (named.Count > 1)
                    throw new OrsException("ApplicationAmbiguous", OrsErrorKind.InvalidArgument, $"{named.Count} " +
                        $"Applications are named '{input.Name}' ({string.Join(", ", named.Select(a => a.Label))}): " +
                        "give a Dbid, or pipe Get-OrsApplication output.", input.Name);
                found = named.FirstOrDefault();
            }
            bool nameDiffers = found != null && input.Dbid > 0 && !string.IsNullOrEmpty(input.Name)
                && !string.Equals(found.Name, input.Name, System.StringComparison.Ordinal);
            if (found == null || nameDiffers)
                throw new OrsException("ApplicationNotFound", OrsErrorKind.NotFound, $"No Application " +
                    $"{Describe(input)} in {ActiveConnection.Location}{(nameDiffers ? $" (dbid {input.Dbid} is {found.Name})" : "")}. " +
                    "Pipe Get-OrsApplication output, or objects whose Name (or Dbid) is an existing Application.",
                    input.Name ?? input.Dbid.ToString());
            return found;
        }

        /// <summary>Resolve for one pipeline item: a failure is that item's error, and the next goes on.</summary>
        protected OrsApplication ResolveOrReport(OrsApplication input)
        {
            try { return Resolve(input); }
            catch (OrsException e) { WriteOrsError(e); return null; }
        }

        private static string Describe(OrsApplication input) =>
            string.IsNullOrEmpty(input.Name) ? $"with dbid {input.Dbid}"
            : input.Dbid > 0 ? $"named '{input.Name}' with dbid {input.Dbid}" : $"named '{input.Name}'";

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
