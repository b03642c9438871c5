using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Cql;

namespace OrsMigration.Persistence
{
    /// <summary>The cluster over the CQL native protocol (Cassandra 1.2.5+ with the native transport on).</summary>
    public sealed class CqlCluster : ICassandraCluster
    {
        public CqlCluster(CqlSession session) { Session = session; }

        public CqlSession Session { get; }
        public CassandraProtocol Protocol => CassandraProtocol.Cql;
        public string ProtocolVersion => Session.ProtocolVersion.ToString(CultureInfo.InvariantCulture);
        public string ClusterName => Session.ClusterName;

        public IReadOnlyList<CassandraNode> Nodes => Session.Hosts.Select(h => new CassandraNode
        {
            Address = h.EndPoint.Address.ToString(), Port = h.EndPoint.Port, DataCenter = h.DataCenter, Rack = h.Rack,
            ReleaseVersion = h.ReleaseVersion,
        }).ToList();

        /// <summary>From system_schema (Cassandra 3.0+) or system.schema_keyspaces (before).</summary>
        public async Task<KeyspaceReplication> ReadReplicationAsync(string keyspace, CancellationToken cancel)
        {
            try
            {
                var rows = await Session.QueryAsync("SELECT keyspace_name, replication FROM system_schema.keyspaces " +
                    "WHERE keyspace_name = ?",
                    new object[] { keyspace }, null, cancel).ConfigureAwait(false);
                var row = rows.Rows.FirstOrDefault(r => (string)r["keyspace_name"] == keyspace);
                if (row == null) return null;
                var map = ((Dictionary<object, object>)row["replication"]).ToDictionary(kv => (string)kv.Key, kv
                    => (string)kv.Value);
                return new KeyspaceReplication(map.TryGetValue("class", out var c) ? c : null, map);
            }
            catch (CqlServerError e) when (e.Code == CqlErrorCode.Invalid || e.Code == CqlErrorCode.SyntaxError)
            {
                var rows = await Session.QueryAsync("SELECT keyspace_name, strategy_class, strategy_options FROM " +
                    "system.schema_keyspaces " +
                    "WHERE keyspace_name = ?", new object[] { keyspace }, null, cancel).ConfigureAwait(false);
                var row = rows.Rows.FirstOrDefault();
                if (row == null) return null;
                string text = (string)row["strategy_options"] ?? "{}";
                var options = Newtonsoft.Json.JsonConvert.DeserializeObject<Dictionary<string, string>>(text);
                return new KeyspaceReplication((string)row["strategy_class"], options);
            }
        }

        public async Task<string> CreateKeyspaceAsync(string keyspace, KeyspaceReplication replication,
            CancellationToken cancel)
        {
            string cql = $"CREATE KEYSPACE IF NOT EXISTS {OrsSessionSchema.Quote(keyspace)} WITH replication = " +
                $"{replication.ToCql()} " +
                         "AND durable_writes = true";
            await Session.ExecuteNonQueryAsync(cql, cancel).ConfigureAwait(false);
            return cql;
        }

        public Task<bool> WaitForSchemaAgreementAsync(TimeSpan timeout, CancellationToken cancel) =>
            Session.WaitForSchemaAgreementAsync(timeout, cancel);

        public async Task<string> ProbeAsync(CassandraNode node, CancellationToken cancel)
        {
            var host = Session.Hosts.FirstOrDefault(h => h.EndPoint.Address.ToString() == node.Address
                && h.EndPoint.Port == node.Port);
            try
            {
                await Session.QueryAsync("SELECT release_version FROM system.local WHERE key='local'", null,
                    new CqlQueryOptions { Host = host, Idempotent = false }, cancel).ConfigureAwait(false);
                return null;
            }
            catch (CqlException e) { return e.Message; }
        }

        public ISessionStore SessionStore(string keyspace, OrsSessionSchema schema)
            => new CassandraSessionStore(Session, keyspace, schema);

        public void Dispose() => Session.Dispose();
    }
}
