using System.Management.Automation;
using OrsMigration.Export;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Rolls an Application back to an export: checks the export's SHA-256, writes its options
    /// (Exact: exactly those; Merge: add and overwrite only), reads the Application back and
    /// verifies it.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "OrsConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(OrsConfigChange))]
    [OutputType(typeof(OrsApplication))]
    public sealed class RestoreOrsConfigCommand : OrsConfigCmdletBase
    {
        private const string PathSet = "Path";
        private const string ExportSet = "Export";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ExportSet, ValueFromPipeline = true)]
        public OrsConfigExport InputObject { get; set; }

        /// <summary>The Application to restore; by default the one the export's manifest entry (or file name) names.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Application { get; set; }

        [Parameter]
        public RestoreMode Mode { get; set; } = RestoreMode.Exact;

        /// <summary>Also restore version, backup link, redundancy type and ports from the snapshot.</summary>
        [Parameter]
        public SwitchParameter IncludeObject { get; set; }

        [Parameter]
        public SwitchParameter SkipIntegrityCheck { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ExportSet) RestoreOne(InputObject.Path);
            else foreach (var p in Path) foreach (var file in ResolveFiles(p)) RestoreOne(file);
        }

        private System.Collections.Generic.IEnumerable<string> ResolveFiles(string path)
        {
            try { return GetResolvedProviderPathFromPSPath(path, out _); }
            catch (ItemNotFoundException)
            {
                WriteOrsError(new OrsException("ExportNotFound", OrsErrorKind.NotFound, $"The export file '{path}' does not exist.", path));
                return new string[0];
            }
        }

        private void RestoreOne(string file)
        {
            PerItem(() =>
            {
                var source = RestoreSource.Load(file, !SkipIntegrityCheck, IncludeObject);
                var target = RestorePlanner.FindTarget(Repository, source, Application);
                var plan = RestorePlanner.Plan(target, source, Mode);
                var snapshot = source.Snapshot;
                ApplyOptionPlan(plan, $"Restore ({Mode}) from '{file}'", Force, PassThru,
                    snapshot == null ? null : (System.Action<OrsApplication>)(a => RestorePlanner.ApplySnapshotFields(a, snapshot)),
                    saved => Verify(saved, plan, source));
            }, file);
        }

        private void Verify(OrsApplication saved, OptionPlan plan, RestoreSource source)
        {
            var stored = Repository.GetApplication(saved.Dbid);
            string difference = stored == null ? "it is gone from the store" : RestorePlanner.VerifyDifference(stored, plan.Desired, source.Snapshot);
            if (difference.Length > 0)
                throw new OrsException("RestoreVerifyFailed", OrsErrorKind.InvalidData,
                    $"{saved.Label} was written from '{source.Path}' but {difference}. Someone may have changed it at the same moment; compare with Compare-OrsConfig and restore again.", saved);
            WriteVerbose($"{saved.Label}: read back and verified against '{source.Path}'.");
        }
    }
}
