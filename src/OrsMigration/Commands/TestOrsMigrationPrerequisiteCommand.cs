using System.Linq;
using System.Management.Automation;
using OrsMigration.Checks;
using OrsMigration.Cluster;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Checks what the migration guide requires before ORS is upgraded: URS 8.1.4, compatible
    /// components, Warm Standby backups, one persistence configuration per cluster, no obsolete
    /// options, sessions drained when coming from 8.1.2, and optionally the SCXML strategies.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "OrsMigrationPrerequisite",
        HelpUri = ProjectInfo.HelpBase + "Test-OrsMigrationPrerequisite.md")]
    [OutputType(typeof(OrsCheckResult))]
    public sealed class TestOrsMigrationPrerequisiteCommand : OrsConfigCmdletBase
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TargetVersion { get; set; } = "8.1.4";

        /// <summary>SCXML documents to check for _sendSessionRecovered (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] ScxmlPath { get; set; }

        /// <summary>The Cassandra session whose persisted-session count decides the drain check (8.1.2 sources).</summary>
        [Parameter]
        [ValidateNotNull]
        public Persistence.OrsSessionSource CassandraSession { get; set; }

        protected override void EndProcessing()
        {
            if (!OrsVersion.TryParse(TargetVersion, out _, out var error))
                ThrowOrs("InvalidVersion", OrsErrorKind.InvalidArgument, "-TargetVersion: " + error, TargetVersion);
            var topology = ClusterReader.Read(Repository, WriteOrsError);
            long? persisted = null;
            if (CassandraSession != null)
            {
                try { persisted = Await(CassandraSession.SessionStore.CountAsync(false, null, null, CancelToken)).Sum(c => c.Count); }
                catch (OrsException e) { ThrowOrs(e); }
            }
            WriteObject(PrerequisiteChecks.Run(topology, OptionCatalog, OrsVersion.ReleaseLineStart(TargetVersion), persisted), true);
            if (ScxmlPath == null) return;
            foreach (var path in ScxmlPath.SelectMany(p => ScxmlPaths.Resolve(this, p)))
            {
                var r = ScxmlRecoveryChecker.Check(path);
                WriteObject(OrsCheckResult.Of("ScxmlRecovery", path, r.Status, r.Message,
                    r.Status == OrsCheckStatus.Pass ? null : "Set _sendSessionRecovered to true in the strategy (and keep _persist enabled) so its sessions recover after a switchover."));
            }
        }
    }
}
