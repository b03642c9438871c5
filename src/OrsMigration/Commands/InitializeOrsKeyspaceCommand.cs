using System;
using System.Management.Automation;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Creates the keyspace an Application's persistence options describe, and waits for schema agreement.
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "OrsKeyspace", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Initialize-OrsKeyspace.md")]
    [OutputType(typeof(OrsCheckResult))]
    public sealed class InitializeOrsKeyspaceCommand : OrsCassandraCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public OrsApplication Application { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int SchemaAgreementSeconds { get; set; } = 30;

        protected override void ProcessRecord()
        {
            // Never plan a keyspace from an object that only names an Application: its options decide it.
            try { Application = ApplicationLookup.Resolve(Application, ConnectionRegistry.CurrentConfig); }
            catch (OrsException e) { WriteOrsError(e); return; }
            var session = ActiveCassandra;
            (string Keyspace, KeyspaceReplication Replication) plan;
            try { plan = CassandraChecks.PlanKeyspace(Application, session.Keyspace); }
            catch (OrsException e) { WriteOrsError(e); return; }
            var existing = Run(session.Cluster.ReadReplicationAsync(plan.Keyspace, CancelToken));
            if (existing != null)
            {
                WriteObject(Existing(plan.Keyspace, plan.Replication, existing));
                return;
            }
            if (!ShouldApply($"Cassandra keyspace {plan.Keyspace}", $"Create with replication {plan.Replication}", false)) return;
            WriteVerbose(Run(session.Cluster.CreateKeyspaceAsync(plan.Keyspace, plan.Replication, CancelToken)));
            var agreement = TimeSpan.FromSeconds(SchemaAgreementSeconds);
            bool agreed = Run(session.Cluster.WaitForSchemaAgreementAsync(agreement, CancelToken));
            WriteObject(agreed
                ? OrsCheckResult.Of("Keyspace", plan.Keyspace, OrsCheckStatus.Pass,
                    $"Keyspace {plan.Keyspace} created ({plan.Replication}); all nodes agree on the schema.")
                : OrsCheckResult.Of("Keyspace", plan.Keyspace, OrsCheckStatus.Warning,
                    $"Keyspace {plan.Keyspace} created, but the nodes did not agree on the schema within " +
                    $"{SchemaAgreementSeconds} s.",
                    "Check nodetool describecluster before ORS uses the keyspace."));
        }

        private OrsCheckResult Existing(string keyspace, KeyspaceReplication wanted, KeyspaceReplication existing) =>
            existing.SameAs(wanted)
                ? OrsCheckResult.Of("Keyspace", keyspace, OrsCheckStatus.Pass,
                    $"Keyspace {keyspace} already exists as {Application.Name} describes it ({existing}).")
                : OrsCheckResult.Of("Keyspace", keyspace, OrsCheckStatus.Fail,
                    $"Keyspace {keyspace} exists as {existing}, but {Application.Name} says {wanted}; " +
                    "it was left unchanged.",
                    "Change the replication with your Cassandra team (ALTER KEYSPACE and a repair), or the " +
                    "Application's persistence options.");
    }
}
