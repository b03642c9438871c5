using System;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>Switches a node over: its backup becomes primary and the primary becomes backup.</summary>
    [Cmdlet(VerbsCommon.Switch, "OrsServer", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Switch-OrsServer.md")]
    [OutputType(typeof(OrsServerStatus))]
    public sealed class SwitchOrsServerCommand : OrsServerCmdletBase
    {
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

        protected override void ProcessRecord()
        {
            var apps = Applications().ToList();
            PerItem(() =>
            {
                // For a node, the Application serving as primary now is the one to switch away from.
                var primary = apps.FirstOrDefault(a => ActiveControl.Status(a).Mode == OrsRunMode.Primary)
                    ?? throw new OrsException("SwitchoverInvalid", OrsErrorKind.InvalidOperation, $"None of {string.Join(", ", apps.Select(a => a.Name))} is running as primary.", InputObject);
                var other = apps.FirstOrDefault(a => a.Dbid != primary.Dbid);
                if (!ShouldApply(primary.Label, "Switch over to its backup", false)) return;
                ActiveControl.Switchover(primary);
                var after = WaitFor(primary, s => s.Mode == OrsRunMode.Backup, Timeout, "become backup");
                WriteObject(after);
                if (other != null) WriteObject(WaitFor(other, s => s.Mode == OrsRunMode.Primary, Timeout, "become primary"));
            }, InputObject);
        }
    }
}
