using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Persistence
{
    /// <summary>The checks of Test-OrsCassandra and the keyspace creation of Initialize-OrsKeyspace.</summary>
    public static class CassandraChecks
    {
        public static readonly OrsVersion Minimum = OrsVersion.Parse("1.1.12");
        public static readonly OrsVersion NoThrift = OrsVersion.Parse("4.0");

        public static async Task<List<OrsCheckResult>> RunAsync(ICassandraCluster cluster, string keyspace,
            IReadOnlyList<OrsApplication> apps,
            CancellationToken cancel)
        {
            var results = new List<OrsCheckResult>();
            results.AddRange(VersionChecks(cluster.Nodes));
            foreach (var node in cluster.Nodes) results.Add(await TransportAsync(cluster, node,
                cancel).ConfigureAwait(false));
            var keyspaces = apps.Select(a => KeyspaceOf(a, keyspace)).DefaultIfEmpty(keyspace).Distinct().ToList();
            foreach (var ks in keyspaces)
            {
                var actual = await cluster.ReadReplicationAsync(ks, cancel).ConfigureAwait(false);
                results.Add(actual != null
                    ? OrsCheckResult.Of("Keyspace", ks, OrsCheckStatus.Pass, $"Keyspace {ks} exists ({actual}).")
                    : OrsCheckResult.Of("Keyspace", ks, OrsCheckStatus.Fail, $"Keyspace {ks} does not exist.",
                        "Create it with Initialize-OrsKeyspace -Application <an ORS Application>."));
                foreach (var app in apps.Where(a => KeyspaceOf(a, keyspace) == ks))
                    results.Add(ReplicationCheck(app, ks, actual));
            }
            return results;
        }

        private static string KeyspaceOf(OrsApplication app, string fallback) =>
            app.Options.Get("persistence", "cassandra-keyspace-name") ?? fallback;

        public static IEnumerable<OrsCheckResult> VersionChecks(IReadOnlyList<CassandraNode> nodes)
        {
            foreach (var h in nodes)
            {
                if (!OrsVersion.TryParse((h.ReleaseVersion ?? string.Empty).Split('-')[0], out var v))
                    yield return OrsCheckResult.Of("CassandraVersion", h.ToString(), OrsCheckStatus.Warning,
                        $"Node {h} reports release '{h.ReleaseVersion}', which is not a version number.");
                else if (v < Minimum)
                    yield return OrsCheckResult.Of("CassandraVersion", h.ToString(), OrsCheckStatus.Fail,
                        $"Node {h} runs Cassandra {h.ReleaseVersion}; ORS 8.1.4 needs 1.1.12 or later.",
                        "Upgrade Cassandra before ORS.");
                else
                {
                    yield return OrsCheckResult.Of("CassandraVersion", h.ToString(), OrsCheckStatus.Pass, $"Node {h} runs Cassandra {h.ReleaseVersion}.");
                    if (v >= NoThrift) yield return NoThriftWarning(h);
                }
            }
            var versions = nodes.Select(h => h.ReleaseVersion).Distinct().ToList();
            yield return versions.Count <= 1
                ? OrsCheckResult.Of("CassandraUniformVersion", "cluster", OrsCheckStatus.Pass, $"All {nodes.Count} " +
                    $"nodes run {versions.FirstOrDefault()}.")
                : OrsCheckResult.Of("CassandraUniformVersion", "cluster", OrsCheckStatus.Fail,
                    "The nodes run different Cassandra versions: " +
                    string.Join("; ", nodes.GroupBy(h => h.ReleaseVersion).Select(g
                        => $"{g.Key} on {string.Join(", ", g)}")) + ".",
                    "Finish the Cassandra upgrade on every node first.");
        }

        private static OrsCheckResult NoThriftWarning(CassandraNode h) =>
            OrsCheckResult.Of("CassandraThrift", h.ToString(), OrsCheckStatus.Warning,
                $"Node {h} runs Cassandra {h.ReleaseVersion}: Cassandra 4.0 and later have no Thrift, which ORS " +
                "8.1.4 uses (gcassandralib).",
                "Check that your ORS release supports this Cassandra version (Cassandra 2.2.5 from 8.1.400.40, 3.9 " +
                "from 8.1.400.51).");

        /// <summary>Whether the node answers on the protocol the session uses.</summary>
        private static async Task<OrsCheckResult> TransportAsync(ICassandraCluster cluster, CassandraNode node,
            CancellationToken cancel)
        {
            string problem = await cluster.ProbeAsync(node, cancel).ConfigureAwait(false);
            string what = cluster.Protocol == CassandraProtocol.Thrift ? "Thrift" : "the native transport (CQL)";
            if (problem == null)
                return OrsCheckResult.Of("Transport", node.ToString(), OrsCheckStatus.Pass,
                    $"Node {node} answers on {what}.");
            string remedy = cluster.Protocol == CassandraProtocol.Thrift
                ? "Set start_rpc: true (ORS needs Thrift; Cassandra 2.2+ ships with it off) and check the firewall."
                : "Set start_native_transport: true and check the firewall, or connect with -Protocol Thrift (ORS's " +
                    "own path).";
            return OrsCheckResult.Of("Transport", node.ToString(), OrsCheckStatus.Fail, $"Node {node} does not " +
                $"answer on {what}: {problem}", remedy);
        }

        private static OrsCheckResult ReplicationCheck(OrsApplication app, string keyspace, KeyspaceReplication actual)
        {
            KeyspaceReplication wanted;
            try { wanted = KeyspaceReplication.FromOptions(app.Options.Get("persistence", "cassandra-strategy-class"), app.Options.Get("persistence", "cassandra-strategy-options"), app.Label); }
            catch (OrsException e) { return OrsCheckResult.Of("Replication", app.Label, OrsCheckStatus.Fail, e.Message, "Set-OrsPersistence"); }
            if (actual == null) return OrsCheckResult.Of("Replication", app.Label, OrsCheckStatus.Skipped, $"Keyspace {keyspace} does not exist yet.");
            return wanted.SameAs(actual)
                ? OrsCheckResult.Of("Replication", app.Label, OrsCheckStatus.Pass, $"Keyspace {keyspace} replicates " +
                    $"as {app.Name} says ({actual}).")
                : OrsCheckResult.Of("Replication", app.Label, OrsCheckStatus.Fail, $"Keyspace {keyspace} replicates " +
                    $"as {actual}, but {app.Name} says {wanted}.",
                    "Make the Application's cassandra-strategy-class/-options match the keyspace (or ALTER " +
                    "KEYSPACE, after checking with your Cassandra team).");
        }

        /// <summary>The keyspace and replication the Application's persistence options describe.</summary>
        public static (string Keyspace, KeyspaceReplication Replication) PlanKeyspace(OrsApplication app,
            string defaultKeyspace)
        {
            string ks = KeyspaceOf(app, defaultKeyspace);
            OrsSessionSchema.Quote(ks);
            var replication = KeyspaceReplication.FromOptions(app.Options.Get("persistence",
                "cassandra-strategy-class"),
                app.Options.Get("persistence", "cassandra-strategy-options"), app.Label);
            return (ks, replication);
        }
    }
}
