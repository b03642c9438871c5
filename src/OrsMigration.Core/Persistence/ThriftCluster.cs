using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Thrift;

namespace OrsMigration.Persistence
{
    /// <summary>
    /// The cluster over Thrift, ORS's own path: every Cassandra ORS supports (1.1.12 has nothing
    /// else), and every site set up as Genesys says (native transport off).
    /// </summary>
    public sealed class ThriftCluster : ICassandraCluster
    {
        private ThriftCluster(ThriftPool pool, string interfaceVersion, string clusterName,
            ThriftPartitioner partitioner,
            IReadOnlyList<CassandraNode> nodes)
        {
            Pool = pool;
            ProtocolVersion = interfaceVersion;
            ClusterName = clusterName;
            Partitioner = partitioner;
            Nodes = nodes;
        }

        public ThriftPool Pool { get; }
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ThriftPool> _keyspacePools =
            new System.Collections.Concurrent.ConcurrentDictionary<string, ThriftPool>(StringComparer.Ordinal);

        /// <summary>Connections set to a keyspace, kept for the session's life and closed with it.</summary>
        public ThriftPool PoolFor(string keyspace) => _keyspacePools.GetOrAdd(keyspace, k
            => new ThriftPool(Pool.Options, k));
        public CassandraProtocol Protocol => CassandraProtocol.Thrift;
        public string ProtocolVersion { get; }
        public string ClusterName { get; }
        public ThriftPartitioner Partitioner { get; }
        public IReadOnlyList<CassandraNode> Nodes { get; }

        /// <summary>
        /// The first contact point that answers; the nodes from the ring, each asked for its release.
        /// </summary>
        public static async Task<ThriftCluster> ConnectAsync(IReadOnlyList<string> hosts,
            ThriftConnectOptions options, string keyspace,
            CancellationToken cancel)
        {
            var pool = new ThriftPool(options, null);
            try
            {
                var client = await pool.RentAsync(hosts, cancel).ConfigureAwait(false);
                string version = await client.DescribeVersionAsync(cancel).ConfigureAwait(false);
                string name = await client.DescribeClusterNameAsync(cancel).ConfigureAwait(false);
                string partitionerName = await client.DescribePartitionerAsync(cancel).ConfigureAwait(false);
                var partitioner = ThriftRing.PartitionerOf(partitionerName);
                var nodes = await NodesAsync(client, keyspace, options.Port, cancel).ConfigureAwait(false);
                pool.Return(client.Host, client);
                foreach (var node in nodes) node.ReleaseVersion = await ReleaseOfAsync(pool, node.Address, version,
                    cancel).ConfigureAwait(false);
                return new ThriftCluster(pool, version, name, partitioner, nodes);
            }
            catch
            {
                pool.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The ring of the ORS keyspace (or of any user keyspace) names the nodes and their data centers.
        /// </summary>
        private static async Task<List<CassandraNode>> NodesAsync(CassandraThriftClient client, string keyspace,
            int port, CancellationToken cancel)
        {
            var keyspaces = await client.DescribeKeyspacesAsync(cancel).ConfigureAwait(false);
            string ringOf = keyspaces.Select(k => k.Name).FirstOrDefault(k => k == keyspace)
                ?? keyspaces.Select(k => k.Name).FirstOrDefault(k => !k.StartsWith("system", StringComparison.Ordinal));
            var nodes = new List<CassandraNode>();
            if (ringOf != null)
            {
                foreach (var range in await client.DescribeRingAsync(ringOf, cancel).ConfigureAwait(false))
                    foreach (var d in range.EndpointDetails)
                        if (!nodes.Any(n => n.Address == d.Host))
                            nodes.Add(new CassandraNode { Address = d.Host, Port = port, DataCenter = d.DataCenter,
                                Rack = d.Rack });
            }
            if (nodes.Count == 0) nodes.Add(new CassandraNode { Address = client.Host, Port = port });
            return nodes.OrderBy(n => n.DataCenter, StringComparer.Ordinal).ThenBy(n => n.Address,
                StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// The exact release, which the interface version cannot give (19.33.0 is 1.1.11 and 1.1.12 alike):
        /// system.Versions on 1.1, system.local through execute_cql3_query from 1.2.
        /// </summary>
        public static async Task<string> ReleaseOfAsync(ThriftPool pool, string host, string interfaceVersion,
            CancellationToken cancel)
        {
            var client = await pool.OpenAsync(host, null, cancel).ConfigureAwait(false);
            try
            {
                if (!ReleaseLine(interfaceVersion).StartsWith("1.1", StringComparison.Ordinal))
                {
                    try
                    {
                        const string query = "SELECT release_version FROM system.local WHERE key='local'";
                        var rows = await client.ExecuteCql3Async(query,
                            ThriftConsistency.One, cancel).ConfigureAwait(false);
                        var value = rows.SelectMany(r => r.Columns).FirstOrDefault(c
                            => Text(c.Name) == "release_version")?.Value;
                        if (value != null) return Text(value);
                    }
                    catch (ThriftApplicationException e) when (e.Type == ThriftApplicationException.UnknownMethod) { }
                }
                await client.SetKeyspaceAsync("system", cancel).ConfigureAwait(false);
                var columns = await client.GetSliceAsync(Encoding.UTF8.GetBytes("build"), "Versions",
                    new SlicePredicate { ColumnNames = new List<byte[]> { Encoding.UTF8.GetBytes("version") } },
                    ThriftConsistency.One, cancel).ConfigureAwait(false);
                return columns.Count > 0 ? Text(columns[0].Value) : null;
            }
            finally { client.Connection.Dispose(); }
        }

        /// <summary>
        /// Thrift's interface version names a release line, not a release (cassandra.thrift VERSION per release).
        /// </summary>
        public static string ReleaseLine(string interfaceVersion)
        {
            var parts = (interfaceVersion ?? string.Empty).Split('.');
            if (parts.Length < 2 || !int.TryParse(parts[0], out int major) || !int.TryParse(parts[1],
                out int minor)) return "unknown";
            if (major >= 20) return "2.2/3.x";
            if (minor <= 33) return "1.1";
            if (minor <= 36) return "1.2";
            if (minor <= 38) return "2.0";
            return "2.1";
        }

        public async Task<KeyspaceReplication> ReadReplicationAsync(string keyspace, CancellationToken cancel)
        {
            var ks = await WithClientAsync(c => c.DescribeKeyspaceAsync(keyspace, cancel),
                cancel).ConfigureAwait(false);
            return ks == null ? null : new KeyspaceReplication(ks.StrategyClass, ks.StrategyOptions);
        }

        /// <summary>
        /// system_add_keyspace with no column families: ORS creates its own (as CREATE KEYSPACE over CQL).
        /// </summary>
        public async Task<string> CreateKeyspaceAsync(string keyspace, KeyspaceReplication replication,
            CancellationToken cancel)
        {
            OrsSessionSchema.Quote(keyspace);
            var ks = new KsDef { Name = keyspace,
                StrategyClass = "org.apache.cassandra.locator." + replication.StrategyClass, DurableWrites = true };
            foreach (var kv in replication.Options) ks.StrategyOptions[kv.Key] = kv.Value;
            await WithClientAsync(c => c.SystemAddKeyspaceAsync(ks, cancel), cancel).ConfigureAwait(false);
            return $"system_add_keyspace(KsDef name={keyspace}, strategy_class={ks.StrategyClass}, " +
                $"strategy_options={replication})";
        }

        public async Task<bool> WaitForSchemaAgreementAsync(TimeSpan timeout, CancellationToken cancel)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var versions = await WithClientAsync(c => c.DescribeSchemaVersionsAsync(cancel),
                    cancel).ConfigureAwait(false);
                if (versions.Keys.Count(v => v != "UNREACHABLE") <= 1) return true;
                if (DateTime.UtcNow >= deadline) return false;
                await Task.Delay(200, cancel).ConfigureAwait(false);
            }
        }

        public async Task<string> ProbeAsync(CassandraNode node, CancellationToken cancel)
        {
            try
            {
                var client = await Pool.OpenAsync(node.Address, null, cancel).ConfigureAwait(false);
                try { await client.DescribeVersionAsync(cancel).ConfigureAwait(false); }
                finally { client.Connection.Dispose(); }
                return null;
            }
            catch (ThriftException e) { return e.Message; }
        }

        public ISessionStore SessionStore(string keyspace, OrsSessionSchema schema) => new ThriftSessionStore(this,
            keyspace, schema);

        private async Task<T> WithClientAsync<T>(Func<CassandraThriftClient, Task<T>> call, CancellationToken cancel)
        {
            var client = await Pool.RentAsync(Nodes.Select(n => n.Address).ToList(), cancel).ConfigureAwait(false);
            try { return await call(client).ConfigureAwait(false); }
            finally { Pool.Return(client.Host, client); }
        }

        private static string Text(byte[] b) => b == null ? null : Encoding.UTF8.GetString(b);

        public void Dispose()
        {
            Pool.Dispose();
            foreach (var pool in _keyspacePools.Values) pool.Dispose();
        }
    }
}
