using System.Collections.Generic;
using System.Management.Automation;
using OrsMigration.Export;
using OrsMigration.Integrity;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Rolls an Application back to an export: checks the export's SHA-256 and its manifest entry,
    /// writes its options (Exact: exactly those; Merge: add and overwrite only) onto the
    /// Application it was taken from (DBID and name both match), reads it back and verifies it.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "OrsConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = PathSet,
        HelpUri = ProjectInfo.HelpBase + "Restore-OrsConfig.md")]
    [OutputType(typeof(OrsConfigChange))]
    [OutputType(typeof(OrsApplication))]
    public sealed class RestoreOrsConfigCommand : OrsConfigCmdletBase
    {
        private const string PathSet = "Path";
        private const string LiteralSet = "LiteralPath";
        private const string ExportSet = "Export";

        /// <summary>Export files; wildcards allowed. A pattern that matches nothing is an error.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>
        /// Export files, taken literally ('ORS[1].cfg' is that file); what Get-ChildItem pipes binds here.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ExportSet, ValueFromPipeline = true)]
        public OrsConfigExport InputObject { get; set; }

        /// <summary>
        /// Confirms the Application to restore; naming another one than the export's needs -AllowOtherApplication.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ApplicationNameCompleter))]
        public string Application { get; set; }

        /// <summary>
        /// Lets -Application name another Application than the one the export was taken from (a separate, explicit
        /// choice).
        /// </summary>
        [Parameter]
        public SwitchParameter AllowOtherApplication { get; set; }

        [Parameter]
        public RestoreMode Mode { get; set; } = RestoreMode.Exact;

        /// <summary>Also restore version, backup link, redundancy type and ports from the snapshot.</summary>
        [Parameter]
        public SwitchParameter IncludeObject { get; set; }

        [Parameter]
        public SwitchParameter SkipIntegrityCheck { get; set; }

        /// <summary>The key the export's manifest was sealed with (Export-OrsConfig -IntegrityKey).</summary>
        [Parameter]
        [IntegrityKeyTransform]
        public PSCredential IntegrityKey { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ExportSet) RestoreOne(InputObject.Path);
            else if (ParameterSetName == LiteralSet)
                foreach (var p in LiteralPath) RestoreOne(GetUnresolvedProviderPathFromPSPath(p));
            else foreach (var p in Path) foreach (var file in ResolveFiles(p)) RestoreOne(file);
        }

        private IEnumerable<string> ResolveFiles(string path)
        {
            try
            {
                var files = GetResolvedProviderPathFromPSPath(path, out _);
                if (files.Count > 0) return files;
            }
            catch (ItemNotFoundException) { }
            WriteOrsError(new OrsException("ExportNotFound", OrsErrorKind.NotFound,
                $"No export file matches '{path}'. Nothing was restored from it. (Use -LiteralPath for a name with " +
                "[ or ].)", path));
            return new string[0];
        }

        // One key object for the whole pipeline, so the manifest read for one file serves the next.
        private IntegrityKey _key;
        private IntegrityKey Key => _key ?? (_key = IntegrityKeyArgument.ToKey(IntegrityKey));
        private readonly ManifestCache _manifests = new ManifestCache();

        public override void Dispose()
        {
            _manifests.Dispose();
            base.Dispose();
        }

        private void RestoreOne(string file)
        {
            PerItem(() =>
            {
                var source = RestoreSource.Load(file, !SkipIntegrityCheck, IncludeObject, Key, _manifests);
                foreach (var w in source.Warnings) WriteWarning(w);
                var target = RestorePlanner.FindTarget(Repository, source, Application, AllowOtherApplication);
                var (plan, _) = ConfigRestorer.Prepare(target, source, Mode);
                var snapshot = source.Snapshot;
                ApplyOptionPlan(plan, $"Restore ({Mode}) from '{file}'", Force, PassThru,
                    snapshot == null ? null : (System.Action<OrsApplication>)(a => RestorePlanner.ApplySnapshotFields(a, snapshot)),
                    saved =>
                    {
                        ConfigRestorer.Verify(Repository, saved, plan, source);
                        WriteVerbose($"{saved.Label}: read back and verified against '{source.Path}'.");
                    });
            }, file);
        }
    }
}
