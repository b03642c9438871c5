using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Checks;
using OrsMigration.Cluster;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Checks ORS Applications for the target release: unknown, obsolete and invalid options,
    /// options that must match across a cluster, and the backup of every primary.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "OrsConfig",
        HelpUri = ProjectInfo.HelpBase + "Test-OrsConfig.md")]
    [OutputType(typeof(OrsCheckResult))]
    public sealed class TestOrsConfigCommand : OrsConfigCmdletBase
    {
        /// <summary>Applications to check; all ORS Applications when none are piped.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApplicationName")]
        public OrsApplication InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TargetVersion { get; set; } = "8.1.4";

        private readonly List<OrsApplication> _targets = new List<OrsApplication>();

        protected override void ProcessRecord()
        {
            if (InputObject != null && (InputObject = ResolveOrReport(InputObject)) == null) return;
            if (InputObject != null) _targets.Add(InputObject);
        }

        // Cluster-wide checks need every piped Application, so the checks run once at the end.
        protected override void EndProcessing()
        {
            if (!OrsVersion.TryParse(TargetVersion, out _, out var error))
                ThrowOrs("InvalidVersion", OrsErrorKind.InvalidArgument, "-TargetVersion: " + error, TargetVersion);
            var topology = ClusterReader.Read(Repository, WriteOrsError);
            var targets = _targets.Count > 0
                ? _targets.Select(t => topology.Applications.FirstOrDefault(a => a.Dbid == t.Dbid) ?? t).ToList()
                : topology.Applications.Where(a => a.Type == OrsAppType.OrchestrationServer).ToList();
            WriteObject(ConfigChecks.Run(topology, targets, OptionCatalog, OrsVersion.ReleaseLineStart(TargetVersion)), true);
        }
    }
}
