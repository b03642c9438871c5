using System.Linq;
using System.Management.Automation;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Checks the Cassandra cluster for ORS 8.1.4: versions (1.1.12 or later, one version, a warning
    /// for 4.0+ which has no Thrift), every node answering on the session's protocol, the keyspace,
    /// and its replication against each Application's persistence options.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "OrsCassandra",
        HelpUri = ProjectInfo.HelpBase + "Test-OrsCassandra.md")]
    [OutputType(typeof(OrsCheckResult))]
    public sealed class TestOrsCassandraCommand : OrsCassandraCmdletBase
    {
        [Parameter(ValueFromPipeline = true)]
        public OrsApplication[] Application { get; set; }

        private readonly System.Collections.Generic.List<OrsApplication> _apps = new System.Collections.Generic.List<OrsApplication>();

        protected override void ProcessRecord()
        {
            foreach (var app in Application ?? new OrsApplication[0])
            {
                try { _apps.Add(ApplicationLookup.Resolve(app, ConnectionRegistry.CurrentConfig)); }
                catch (OrsException e) { WriteOrsError(e); }
            }
        }

        protected override void EndProcessing()
        {
            var session = ActiveCassandra;
            var results = Run(CassandraChecks.RunAsync(session.Cluster, session.Keyspace, _apps, CancelToken));
            WriteObject(results, true);
        }
    }
}
