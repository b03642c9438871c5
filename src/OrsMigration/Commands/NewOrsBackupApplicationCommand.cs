using System.Management.Automation;
using OrsMigration.Ha;

namespace OrsMigration.Commands
{
    /// <summary>Creates the Warm Standby backup of a primary: same type, version, connections, ports and options, its own host.</summary>
    [Cmdlet(VerbsCommon.New, "OrsBackupApplication", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "New-OrsBackupApplication.md")]
    [OutputType(typeof(OrsApplication))]
    public sealed class NewOrsBackupApplicationCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("InputObject", "ApplicationName")]
        public OrsApplication Primary { get; set; }

        /// <summary>The Host (CfgHost name) the backup runs on.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string HostName { get; set; }

        /// <summary>The backup's name; default &lt;primary&gt;_Backup.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; }

        /// <summary>The backup's default port; default the primary's.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int? Port { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if ((Primary = ResolveOrReport(Primary)) == null) return;
            PerItem(() =>
            {
                var plan = BackupPlanner.Plan(Repository, Primary, HostName, Name, Port);
                foreach (var w in plan.Warnings) WriteWarning(w);
                if (plan.Existing != null && !plan.LinkPrimary)
                {
                    WriteVerbose($"{Primary.Label} already has its Warm Standby backup {plan.Existing.Label}; nothing to do.");
                    WriteObject(PassThru ? Primary : plan.Existing);
                    return;
                }
                string action = plan.Existing != null
                    ? $"Link the existing backup {plan.Existing.Label} as Warm Standby"
                    : $"Create backup Application '{plan.ToCreate.Name}' on host {plan.ToCreate.HostName} and link it as Warm Standby";
                if (!ShouldApply(Primary.Label, action, false)) return;
                var backup = BackupPlanner.Apply(Repository, plan);
                WriteObject(PassThru ? Primary : backup);
            }, Primary);
        }
    }
}
