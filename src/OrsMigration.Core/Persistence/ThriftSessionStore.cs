using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Thrift;

namespace OrsMigration.Persistence
{
    /// <summary>
    /// ORS's persisted sessions read over Thrift as ORS writes them: the owner column family
    /// (SessionIDServerInfo: node id and server per session) and the Session column family, both
    /// read range by range with get_range_slices. Names come from the schema profile.
    /// </summary>
    public sealed class ThriftSessionStore : ISessionStore
    {
        private readonly ThriftCluster _cluster;
        private readonly string _keyspace;
        private readonly OrsSessionSchema _schema;
        private readonly SemaphoreSlim _ringGate = new SemaphoreSlim(1, 1);
        private ThriftPool _pool;
        private List<ThriftRange> _ring;

        public ThriftSessionStore(ThriftCluster cluster, string keyspace, OrsSessionSchema schema)
        {
            _cluster = cluster;
            _keyspace = keyspace;
            _schema = schema ?? new OrsSessionSchema();
            OrsSessionSchema.Quote(keyspace);
        }

        public string Description => $"Cassandra keyspace {_keyspace} on {_cluster.ClusterName} (Thrift)";
        public int Parallelism { get; set; } = Math.Max(4, Environment.ProcessorCount * 4);
        public int PageSize { get; set; } = 1000;

        private byte[] NodeIdColumn => Encoding.UTF8.GetBytes(_schema.NodeIdName);
        private byte[] ServerColumn => Encoding.UTF8.GetBytes(_schema.ServerName);

        /// <summary>
        /// The owner column family's node id column, read in place range by range (nothing decoded per row).
        /// </summary>
        public async Task<IReadOnlyList<OrsSessionCount>> CountAsync(bool byNode, IReadOnlyCollection<int> nodeIds,
            IProgress<long> rowsRead,
            CancellationToken cancel)
        {
            var counter = new OwnerCounter(_schema.NodeIdName, nodeIds);
            var predicate = new SlicePredicate { ColumnNames = new List<byte[]> { NodeIdColumn } };
            var scanner = await ScannerAsync(cancel).ConfigureAwait(false);
            await scanner.ForEachRangeAsync(async range =>
            {
                var page = new Dictionary<int, long>();
                long rows = await scanner.VisitRangeAsync(_schema.OwnerTable, predicate, range, (name, value) =>
                {
                    if (counter.IsNodeId(name)) counter.Add(page, value);
                }, cancel).ConfigureAwait(false);
                counter.Merge(page);
                return rows;
            }, rowsRead, cancel).ConfigureAwait(false);
            return counter.Result(byNode);
        }

        /// <summary>
        /// Range by range: who owns each session, then when it was written and how big it is; memory bounded by one
        /// range.
        /// </summary>
        public async Task ListAsync(IReadOnlyCollection<int> nodeIds, Action<OrsPersistedSession> onSession,
            CancellationToken cancel)
        {
            var wanted = nodeIds != null && nodeIds.Count > 0 ? new HashSet<int>(nodeIds) : null;
            var scanner = await ScannerAsync(cancel).ConfigureAwait(false);
            var owners = new SlicePredicate { ColumnNames = new List<byte[]> { NodeIdColumn, ServerColumn } };
            var details = new SlicePredicate { SliceCount = 16 };
            await scanner.ForEachRangeAsync(async range =>
            {
                var found = new Dictionary<string, OrsPersistedSession>(StringComparer.Ordinal);
                await scanner.ReadRangeAsync(_schema.OwnerTable, owners, range, (r, page) => AddOwners(found, page),
                    cancel).ConfigureAwait(false);
                await scanner.ReadRangeAsync(_schema.SessionTable, details, range, (r, page) => AddDetails(found,
                    page), cancel).ConfigureAwait(false);
                long emitted = 0;
                foreach (var s in found.Values.Where(s => wanted == null
                    || wanted.Contains(s.NodeId))) { onSession(s); emitted++; }
                return emitted;
            }, null, cancel).ConfigureAwait(false);
        }

        private void AddOwners(Dictionary<string, OrsPersistedSession> found, IReadOnlyList<KeySlice> page)
        {
            foreach (var row in page.Where(r => r.Columns.Count > 0))
            {
                var s = Session(found, row.Key);
                foreach (var c in row.Columns)
                {
                    string name = Encoding.UTF8.GetString(c.Name);
                    if (name == _schema.NodeIdName) s.NodeId = NodeId(c.Value);
                    else if (name == _schema.ServerName) s.ServerName = c.Value == null ? null
                        : Encoding.UTF8.GetString(c.Value);
                }
            }
        }

        private static void AddDetails(Dictionary<string, OrsPersistedSession> found, IReadOnlyList<KeySlice> page)
        {
            foreach (var row in page.Where(r => r.Columns.Count > 0))
            {
                var s = Session(found, row.Key);
                long newest = row.Columns.Max(c => c.Timestamp ?? 0);
                if (newest > 0) s.LastUpdated = DateTimeOffset.FromUnixTimeMilliseconds(newest / 1000);
                s.SizeBytes += row.Columns.Sum(c => (long)(c.Value?.Length ?? 0));
            }
        }

        private static OrsPersistedSession Session(Dictionary<string, OrsPersistedSession> found, byte[] key)
        {
            string id = Encoding.UTF8.GetString(key);
            if (!found.TryGetValue(id, out var s)) found[id] = s = new OrsPersistedSession { SessionId = id };
            return s;
        }

        private static int NodeId(byte[] value) =>
            value != null && int.TryParse(Encoding.UTF8.GetString(value), NumberStyles.Integer,
                CultureInfo.InvariantCulture, out int n) ? n : 0;

        /// <summary>The keyspace's ring, read once: the keyspace may not exist when the session opens.</summary>
        private async Task<ThriftScanner> ScannerAsync(CancellationToken cancel)
        {
            await _ringGate.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                if (_ring == null)
                {
                    _pool = _cluster.PoolFor(_keyspace);
                    var client = await _pool.RentAsync(_cluster.Nodes.Select(n => n.Address).ToList(),
                        cancel).ConfigureAwait(false);
                    try { _ring = ThriftRing.Ranges(await client.DescribeRingAsync(_keyspace,
                        cancel).ConfigureAwait(false), _cluster.Partitioner); }
                    finally { _pool.Return(client.Host, client); }
                }
                return new ThriftScanner(_pool, _ring) { Parallelism = Parallelism, PageSize = PageSize };
            }
            finally { _ringGate.Release(); }
        }
    }
}
