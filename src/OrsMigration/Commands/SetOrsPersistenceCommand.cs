using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Cluster;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Sets the cassandra-* persistence options on every Application of each piped node (primary
    /// and backup: Configuration Server does not copy options to the backup).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OrsPersistence", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Set-OrsPersistence.md")]
    [OutputType(typeof(OrsConfigChange))]
    [OutputType(typeof(OrsApplication))]
    public sealed class SetOrsPersistenceCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApplicationName")]
        public OrsApplication InputObject { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Keyspace { get; set; }

        [Parameter(Mandatory = true)]
        public CassandraStrategy StrategyClass { get; set; }

        /// <summary>replication_factor:N (SimpleStrategy) or DC:N[,DC:N] (NetworkTopologyStrategy).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string StrategyOptions { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string SchemaVersion { get; set; }

        /// <summary>Cassandra nodes (host:port) written to cassandra-nodes.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] CassandraNodes { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private Topology _topology;
        private readonly HashSet<int> _done = new HashSet<int>();

        protected override void ProcessRecord()
        {
            if ((InputObject = ResolveOrReport(InputObject)) == null) return;
            PerItem(() =>
            {
                var topology = _topology ?? (_topology = ClusterReader.Read(Repository, WriteOrsError));
                var node = topology.NodeOf(InputObject);
                var apps = node != null ? node.Applications.ToList() : new List<OrsApplication> { InputObject };
                var settings = new PersistenceSettings
                {
                    Keyspace = Keyspace, StrategyClass = StrategyClass, StrategyOptions = StrategyOptions,
                    SchemaVersion = SchemaVersion, CassandraNodes = CassandraNodes,
                };
                PersistencePlanner.Validate(settings, topology.ClusterOf(node)?.DataCenters ?? Enumerable.Empty<string>(), InputObject.Label);
                if (_done.Contains(InputObject.Dbid))
                {
                    // Already written as the partner of an earlier node Application.
                    if (PassThru) WriteObject(Repository.Refresh(InputObject) ?? InputObject);
                    return;
                }
                foreach (var app in apps.Where(a => _done.Add(a.Dbid)))
                {
                    // The piped object is the caller's; its node partner comes fresh from the store.
                    var target = app.Dbid == InputObject.Dbid ? InputObject : Repository.Refresh(app) ?? app;
                    PerItem(() => ApplyOptionPlan(PersistencePlanner.Plan(target, settings), "Set persistence options", Force, PassThru && target == InputObject), target);
                }
            }, InputObject);
        }
    }
}
