using System.Management.Automation;
using OrsMigration.Ha;

namespace OrsMigration.Commands
{
    /// <summary>Links an existing backup to its primary as a Warm Standby pair (the only redundancy ORS supports).</summary>
    [Cmdlet(VerbsCommon.Set, "OrsRedundancy", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Set-OrsRedundancy.md")]
    [OutputType(typeof(OrsConfigChange))]
    [OutputType(typeof(OrsApplication))]
    public sealed class SetOrsRedundancyCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApplicationName")]
        public OrsApplication InputObject { get; set; }

        /// <summary>The backup: an OrsApplication or an Application name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ApplicationNameCompleter))]
        public PSObject Backup { get; set; }

        [Parameter]
        public OrsRedundancyType Type { get; set; } = OrsRedundancyType.WarmStandby;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if ((InputObject = ResolveOrReport(InputObject)) == null) return;
            PerItem(() =>
            {
                var backup = ResolveBackup();
                var changes = RedundancyPlanner.Plan(Repository, InputObject, backup, Type);
                if (changes.Count == 0)
                {
                    WriteVerbose($"{InputObject.Label} and {backup.Label} already are a {Type} pair.");
                    if (PassThru) WriteObject(InputObject);
                    return;
                }
                if (!ShouldApply(InputObject.Label, $"Make {backup.Label} its {Type} backup", Force)) return;
                RedundancyPlanner.Apply(Repository, InputObject, backup, Type);
                if (PassThru) WriteObject(InputObject);
                else foreach (var c in changes) { c.Applied = true; WriteObject(c); }
            }, InputObject);
        }

        private OrsApplication ResolveBackup()
        {
            if (Backup.BaseObject is OrsApplication app) return Repository.Refresh(app) ?? throw Missing(app.Name);
            string name = Backup.BaseObject?.ToString();
            return Repository.FindApplication(name) ?? throw Missing(name);
        }

        private OrsException Missing(string name) =>
            new OrsException("ApplicationNotFound", OrsErrorKind.NotFound, $"The backup Application '{name}' is not in {ActiveConnection.Location}.", name);
    }
}
