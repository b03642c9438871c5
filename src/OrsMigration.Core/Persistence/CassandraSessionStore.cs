using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Cql;

namespace OrsMigration.Persistence
{
    /// <summary>
    /// ORS's persisted sessions in Cassandra, read with token-range scans over the schema profile's tables.
    /// </summary>
    public sealed class CassandraSessionStore : ISessionStore
    {
        private readonly CqlSession _session;
        private readonly string _keyspace;
        private readonly OrsSessionSchema _schema;

        public CassandraSessionStore(CqlSession session, string keyspace, OrsSessionSchema schema)
        {
            _session = session;
            _keyspace = keyspace;
            _schema = schema ?? new OrsSessionSchema();
            OrsSessionSchema.Quote(keyspace);
        }

        public string Description => $"Cassandra keyspace {_keyspace} on {_session.ClusterName}";
        public CqlScanner Scanner => new CqlScanner(_session) { Parallelism = Parallelism, PageSize = PageSize };
        public int Parallelism { get; set; } = Math.Max(4, Environment.ProcessorCount * 4);
        public int PageSize { get; set; } = 5000;

        /// <summary>
        /// Counted client-side from a narrow projection of the owner table, never with count(*), which
        /// times out on big tables; each page is read in place (the owner bytes, not decoded rows).
        /// </summary>
        public async Task<IReadOnlyList<OrsSessionCount>> CountAsync(bool byNode, IReadOnlyCollection<int> nodeIds,
            IProgress<long> rowsRead,
            CancellationToken cancel)
        {
            var counter = new OwnerCounter(_schema.NodeIdName, nodeIds);
            string query = _schema.OwnerCountQuery(_keyspace);
            var scanner = Scanner;
            await scanner.ForEachRangeAsync(range => scanner.VisitRangeAsync(query, range, rows =>
            {
                var page = new Dictionary<int, long>();
                for (int i = 0; i < rows.RowCount; i++)
                {
                    var name = rows.Next();
                    var value = rows.Next();
                    if (counter.IsNodeId(name)) counter.Add(page, value);
                }
                counter.Merge(page);
                return rows.RowCount;
            }, cancel), rowsRead, cancel).ConfigureAwait(false);
            return counter.Result(byNode);
        }

        /// <summary>
        /// Range by range: the owner rows of a range (who owns each session), then the Session rows of
        /// the same range (when written, how big), joined, so memory stays bounded by one range.
        /// </summary>
        public async Task ListAsync(IReadOnlyCollection<int> nodeIds, Action<OrsPersistedSession> onSession, CancellationToken cancel)
        {
            var wanted = nodeIds != null && nodeIds.Count > 0 ? new HashSet<int>(nodeIds) : null;
            var scanner = Scanner;
            await scanner.ForEachRangeAsync(async range =>
            {
                var owners = new Dictionary<string, OrsPersistedSession>(StringComparer.Ordinal);
                await scanner.ReadRangeAsync(_schema.OwnerQuery(_keyspace), range, (r, page) => AddOwners(owners, page), cancel).ConfigureAwait(false);
                await scanner.ReadRangeAsync(_schema.SessionQuery(_keyspace), range, (r, page) => AddDetails(owners, page), cancel).ConfigureAwait(false);
                long emitted = 0;
                foreach (var s in owners.Values.Where(s => wanted == null || wanted.Contains(s.NodeId))) { onSession(s); emitted++; }
                return emitted;
            }, null, cancel).ConfigureAwait(false);
        }

        private void AddOwners(Dictionary<string, OrsPersistedSession> owners, CqlRowSet page)
        {
            foreach (var row in page.Rows)
            {
                string key = KeyText(row[0]);
                if (!owners.TryGetValue(key, out var s)) owners[key] = s = new OrsPersistedSession { SessionId = key };
                string name = row[1] as string;
                if (name == _schema.NodeIdName) s.NodeId = NodeId(row[2]);
                else if (name == _schema.ServerName) s.ServerName = Text(row[2]);
            }
        }

        private static void AddDetails(Dictionary<string, OrsPersistedSession> owners, CqlRowSet page)
        {
            foreach (var row in page.Rows)
            {
                string key = KeyText(row[0]);
                if (!owners.TryGetValue(key, out var s)) owners[key] = s = new OrsPersistedSession { SessionId = key };
                if (row[1] is long micros) s.LastUpdated = DateTimeOffset.FromUnixTimeMilliseconds(micros / 1000);
                s.SizeBytes += row[2] is byte[] b ? b.Length : (row[2] as string)?.Length ?? 0;
            }
        }

        private static int NodeId(object value) =>
            int.TryParse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : 0;

        private static string Text(object value) => value is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : value?.ToString();

        private static string KeyText(object value) => value is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
