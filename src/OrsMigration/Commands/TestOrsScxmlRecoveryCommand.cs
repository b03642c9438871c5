using System;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Checks;
using OrsMigration.Config;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Reports whether SCXML strategies set _sendSessionRecovered to true and whether _persist="false"
    /// keeps their sessions from being persisted, with line numbers.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "OrsScxmlRecovery", DefaultParameterSetName = PathSet,
        HelpUri = ProjectInfo.HelpBase + "Test-OrsScxmlRecovery.md")]
    [OutputType(typeof(OrsScxmlRecoveryResult))]
    public sealed class TestOrsScxmlRecoveryCommand : OrsConfigCmdletBase
    {
        private const string PathSet = "Path";
        private const string DnSet = "DN";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>Check the SCXML documents named by the application options of the DNs (Routing Points, Interaction Queues) in the store.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DnSet)]
        public SwitchParameter FromDN { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DnSet) CheckDns();
            else foreach (var p in Path) foreach (var file in ScxmlPaths.Resolve(this, p)) WriteObject(ScxmlRecoveryChecker.Check(file));
        }

        private void CheckDns()
        {
            string baseFolder = (Repository.Store as FileConfigStore)?.Root ?? SessionState.Path.CurrentFileSystemLocation.Path;
            foreach (var dn in Repository.Store.List("CfgDN", WriteOrsError, CancelToken))
                PerItem(() => CheckDn(dn, baseFolder), dn.ToString());
        }

        private void CheckDn(CfgObject dn, string baseFolder)
        {
            {
                var annex = Cluster.ClusterReader.AnnexOf(dn);
                var options = annex.Where(s => string.Equals(s.Name, "Orchestration", StringComparison.OrdinalIgnoreCase))
                    .SelectMany(s => s.Where(o => o.Name == "application" || o.Name.StartsWith("application@", StringComparison.Ordinal)));
                foreach (var option in options)
                    foreach (var (url, path) in ScxmlRecoveryChecker.PathsOfApplicationOption(option.Value, baseFolder))
                    {
                        string origin = $"DN {dn.Name} {option.Name}";
                        WriteObject(path != null ? ScxmlRecoveryChecker.Check(path, origin) : new OrsScxmlRecoveryResult
                        {
                            Path = url, Origin = origin, Status = OrsCheckStatus.Skipped,
                            Message = $"{url} is not a file: URL; fetch the document and check the file (Test-OrsScxmlRecovery -Path).",
                        });
                    }
            }
        }
    }
}
