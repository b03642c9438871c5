using System.Management.Automation;
using OrsMigration.Catalog;

namespace OrsMigration.Commands
{
    /// <summary>Deletes the options the target release no longer uses, as the migration guide lists them.</summary>
    [Cmdlet(VerbsCommon.Remove, "OrsObsoleteOption", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        HelpUri = ProjectInfo.HelpBase + "Remove-OrsObsoleteOption.md")]
    [OutputType(typeof(OrsConfigChange))]
    [OutputType(typeof(OrsApplication))]
    public sealed class RemoveOrsObsoleteOptionCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApplicationName")]
        public OrsApplication InputObject { get; set; }

        /// <summary>The release migrated to: 8.1.4 (default) or a full version such as 8.1.400.64.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TargetVersion { get; set; } = "8.1.4";

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private OrsVersion _target;

        protected override void BeginProcessing()
        {
            if (!OrsVersion.TryParse(TargetVersion, out _, out var error))
                ThrowOrs("InvalidVersion", OrsErrorKind.InvalidArgument, "-TargetVersion: " + error, TargetVersion);
            _target = OrsVersion.ReleaseLineStart(TargetVersion);
        }

        protected override void ProcessRecord()
        {
            if ((InputObject = ResolveOrReport(InputObject)) == null) return;
            PerItem(() =>
            {
                var plan = MigrationRules.PlanObsoleteRemoval(InputObject, _target);
                ApplyOptionPlan(plan, $"Remove options obsolete in {TargetVersion}", Force, PassThru);
            }, InputObject);
        }
    }
}
