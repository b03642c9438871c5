using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Cql;

namespace OrsMigration.Persistence
{
    /// <summary>The checks of Test-OrsCassandra and the keyspace creation of Initialize-OrsKeyspace.</summary>
    public static class CassandraChecks
    {
        public static readonly OrsVersion Minimum = OrsVersion.Parse("1.1.12");
        public static readonly OrsVersion NoThrift = OrsVersion.Parse("4.0");

        public static async Task<List<OrsCheckResult>> RunAsync(CqlSession session, string keyspace, IReadOnlyList<OrsApplication> apps, CancellationToken cancel)
        {
            var results = new List<OrsCheckResult>();
            results.AddRange(VersionChecks(session.Hosts));
            foreach (var host in session.Hosts) results.Add(await ReachableAsync(session, host, cancel).ConfigureAwait(false));
            var keyspaces = apps.Select(a => a.Options.Get("persistence", "cassandra-keyspace-name") ?? keyspace).DefaultIfEmpty(keyspace).Distinct().ToList();
            foreach (var ks in keyspaces)
            {
                var actual = await ReadReplicationAsync(session, ks, cancel).ConfigureAwait(false);
                results.Add(actual != null
                    ? OrsCheckResult.Of("Keyspace", ks, OrsCheckStatus.Pass, $"Keyspace {ks} exists ({actual}).")
                    : OrsCheckResult.Of("Keyspace", ks, OrsCheckStatus.Fail, $"Keyspace {ks} does not exist.", "Create it with Initialize-OrsKeyspace -Application <an ORS Application>."));
                foreach (var app in apps.Where(a => (a.Options.Get("persistence", "cassandra-keyspace-name") ?? keyspace) == ks))
                    results.Add(ReplicationCheck(app, ks, actual));
            }
            return results;
        }

        public static IEnumerable<OrsCheckResult> VersionChecks(IReadOnlyList<CqlHost> hosts)
        {
            foreach (var h in hosts)
            {
                if (!OrsVersion.TryParse((h.ReleaseVersion ?? string.Empty).Split('-')[0], out var v))
                    yield return OrsCheckResult.Of("CassandraVersion", h.ToString(), OrsCheckStatus.Warning, $"Node {h} reports release '{h.ReleaseVersion}', which is not a version number.");
                else if (v < Minimum)
                    yield return OrsCheckResult.Of("CassandraVersion", h.ToString(), OrsCheckStatus.Fail, $"Node {h} runs Cassandra {h.ReleaseVersion}; ORS 8.1.4 needs 1.1.12 or later.", "Upgrade Cassandra before ORS.");
                else
                {
                    yield return OrsCheckResult.Of("CassandraVersion", h.ToString(), OrsCheckStatus.Pass, $"Node {h} runs Cassandra {h.ReleaseVersion}.");
                    if (v >= NoThrift)
                        yield return OrsCheckResult.Of("CassandraThrift", h.ToString(), OrsCheckStatus.Warning,
                            $"Node {h} runs Cassandra {h.ReleaseVersion}: Cassandra 4.0 and later have no Thrift, which ORS 8.1.4 uses (gcassandralib).",
                            "Check that your ORS release supports this Cassandra version (Cassandra 2.2.5 from 8.1.400.40, 3.9 from 8.1.400.51).");
                }
            }
            var versions = hosts.Select(h => h.ReleaseVersion).Distinct().ToList();
            yield return versions.Count <= 1
                ? OrsCheckResult.Of("CassandraUniformVersion", "cluster", OrsCheckStatus.Pass, $"All {hosts.Count} nodes run {versions.FirstOrDefault()}.")
                : OrsCheckResult.Of("CassandraUniformVersion", "cluster", OrsCheckStatus.Fail,
                    "The nodes run different Cassandra versions: " + string.Join("; ", hosts.GroupBy(h => h.ReleaseVersion).Select(g => $"{g.Key} on {string.Join(", ", g)}")) + ".",
                    "Finish the Cassandra upgrade on every node first.");
        }

        private static async Task<OrsCheckResult> ReachableAsync(CqlSession session, CqlHost host, CancellationToken cancel)
        {
            try
            {
                await session.QueryAsync("SELECT release_version FROM system.local WHERE key='local'", null, new CqlQueryOptions { Host = host, Idempotent = false }, cancel).ConfigureAwait(false);
                return OrsCheckResult.Of("NativeTransport", host.ToString(), OrsCheckStatus.Pass, $"Node {host} answers on the native transport.");
            }
            catch (CqlException e)
            {
                return OrsCheckResult.Of("NativeTransport", host.ToString(), OrsCheckStatus.Fail, $"Node {host} does not answer CQL: {e.Message}",
                    "Enable start_native_transport (ORS itself needs Thrift, this module needs the native transport too) and check the firewall.");
            }
        }

        private static OrsCheckResult ReplicationCheck(OrsApplication app, string keyspace, KeyspaceReplication actual)
        {
            KeyspaceReplication wanted;
            try { wanted = KeyspaceReplication.FromOptions(app.Options.Get("persistence", "cassandra-strategy-class"), app.Options.Get("persistence", "cassandra-strategy-options"), app.Label); }
            catch (OrsException e) { return OrsCheckResult.Of("Replication", app.Label, OrsCheckStatus.Fail, e.Message, "Set-OrsPersistence"); }
            if (actual == null) return OrsCheckResult.Of("Replication", app.Label, OrsCheckStatus.Skipped, $"Keyspace {keyspace} does not exist yet.");
            return wanted.SameAs(actual)
                ? OrsCheckResult.Of("Replication", app.Label, OrsCheckStatus.Pass, $"Keyspace {keyspace} replicates as {app.Name} says ({actual}).")
                : OrsCheckResult.Of("Replication", app.Label, OrsCheckStatus.Fail, $"Keyspace {keyspace} replicates as {actual}, but {app.Name} says {wanted}.",
                    "Make the Application's cassandra-strategy-class/-options match the keyspace (or ALTER KEYSPACE, after checking with your Cassandra team).");
        }

        /// <summary>The keyspace's replication from system_schema (Cassandra 3.0+) or system.schema_keyspaces (before); null when it does not exist.</summary>
        public static async Task<KeyspaceReplication> ReadReplicationAsync(CqlSession session, string keyspace, CancellationToken cancel)
        {
            try
            {
                var rows = await session.QueryAsync("SELECT keyspace_name, replication FROM system_schema.keyspaces WHERE keyspace_name = ?", new object[] { keyspace }, null, cancel).ConfigureAwait(false);
                var row = rows.Rows.FirstOrDefault(r => (string)r["keyspace_name"] == keyspace);
                if (row == null) return null;
                var map = ((Dictionary<object, object>)row["replication"]).ToDictionary(kv => (string)kv.Key, kv => (string)kv.Value);
                return new KeyspaceReplication(map.TryGetValue("class", out var c) ? c : null, map);
            }
            catch (CqlServerError e) when (e.Code == 0x2200)
            {
                var rows = await session.QueryAsync("SELECT keyspace_name, strategy_class, strategy_options FROM system.schema_keyspaces WHERE keyspace_name = ?", new object[] { keyspace }, null, cancel).ConfigureAwait(false);
                var row = rows.Rows.FirstOrDefault();
                if (row == null) return null;
                var options = Newtonsoft.Json.JsonConvert.DeserializeObject<Dictionary<string, string>>((string)row["strategy_options"] ?? "{}");
                return new KeyspaceReplication((string)row["strategy_class"], options);
            }
        }

        /// <summary>The CREATE KEYSPACE statement the Application's persistence options describe.</summary>
        public static (string Keyspace, KeyspaceReplication Replication, string Cql) PlanKeyspace(OrsApplication app, string defaultKeyspace)
        {
            string ks = app.Options.Get("persistence", "cassandra-keyspace-name") ?? defaultKeyspace;
            string quoted = OrsSessionSchema.Quote(ks);
            var replication = KeyspaceReplication.FromOptions(app.Options.Get("persistence", "cassandra-strategy-class"), app.Options.Get("persistence", "cassandra-strategy-options"), app.Label);
            return (ks, replication, $"CREATE KEYSPACE IF NOT EXISTS {quoted} WITH replication = {replication.ToCql()} AND durable_writes = true");
        }
    }
}
