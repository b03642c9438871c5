using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// The calls of cassandra.thrift the module makes, over one connection: what the cluster is,
    /// its keyspaces and ring, slices and range scans of ORS's column families, and creating the
    /// keyspace. Present from Cassandra 1.1.12 to 3.x unless noted.
    /// </summary>
    public sealed class CassandraThriftClient
    {
        private static readonly CassandraFault[] Ire = { CassandraFault.InvalidRequest };
        private static readonly CassandraFault[] Reads = { CassandraFault.InvalidRequest, CassandraFault.Unavailable,
            CassandraFault.TimedOut };

        public CassandraThriftClient(ThriftConnection connection) { Connection = connection; }

        public ThriftConnection Connection { get; }

        /// <summary>The node this client talks to, as the ring names it.</summary>
        public string Host { get; set; }

        public Task LoginAsync(string user, string password, CancellationToken cancel) =>
            Connection.CallAsync<bool>("login", w =>
            {
                w.Field(TType.Struct, 1).Field(TType.Map, 1)
                    .StringMap(new Dictionary<string, string> { ["username"] = user, ["password"] = password }).Stop();
            }, null, new[] { CassandraFault.Authentication, CassandraFault.Authorization }, cancel);

        public Task SetKeyspaceAsync(string keyspace, CancellationToken cancel) =>
            Connection.CallAsync<bool>("set_keyspace", w => w.Field(TType.String, 1).String(keyspace), null, Ire,
                cancel);

        public Task<string> DescribeVersionAsync(CancellationToken cancel) => Text("describe_version", cancel);
        public Task<string> DescribeClusterNameAsync(CancellationToken cancel) => Text("describe_cluster_name", cancel);
        public Task<string> DescribePartitionerAsync(CancellationToken cancel) => Text("describe_partitioner", cancel);
        public Task<string> DescribeSnitchAsync(CancellationToken cancel) => Text("describe_snitch", cancel);

        public Task<List<KsDef>> DescribeKeyspacesAsync(CancellationToken cancel) =>
            Connection.CallAsync("describe_keyspaces", null, (r, t) => List(r, t, CassandraCodec.ReadKsDef), Ire,
                cancel);

        /// <summary>The keyspace's definition, or null when it does not exist (NotFoundException).</summary>
        public async Task<KsDef> DescribeKeyspaceAsync(string keyspace, CancellationToken cancel)
        {
            try
            {
                return await Connection.CallAsync("describe_keyspace", w => w.Field(TType.String, 1).String(keyspace),
                    (r, t) => Struct(r, t, CassandraCodec.ReadKsDef), new[] { CassandraFault.NotFound,
                        CassandraFault.InvalidRequest },
                    cancel).ConfigureAwait(false);
            }
            catch (CassandraThriftException e) when (e.Fault == CassandraFault.NotFound) { return null; }
        }

        public Task<List<ThriftTokenRange>> DescribeRingAsync(string keyspace, CancellationToken cancel) =>
            Connection.CallAsync("describe_ring", w => w.Field(TType.String, 1).String(keyspace),
                (r, t) => List(r, t, CassandraCodec.ReadTokenRange), Ire, cancel);

        /// <summary>Schema version → the nodes on it; one entry (besides UNREACHABLE) means agreement.</summary>
        public Task<Dictionary<string, List<string>>> DescribeSchemaVersionsAsync(CancellationToken cancel) =>
            Connection.CallAsync("describe_schema_versions", null, (r, t) =>
            {
                var map = new Dictionary<string, List<string>>();
                if (t != TType.Map) { r.Skip(t); return map; }
                var (key, value, count) = r.MapBegin();
                for (int i = 0; i < count; i++)
                {
                    if (key != TType.String || value != TType.List) { r.Skip(key); r.Skip(value); continue; }
                    string version = r.String();
                    var nodes = new List<string>();
                    CassandraCodec.ReadList(r, nodes, TType.String, x => x.String());
                    map[version] = nodes;
                }
                return map;
            }, Ire, cancel);

        public Task<List<KeySlice>> GetRangeSlicesAsync(string columnFamily, SlicePredicate predicate, KeyRange range,
            ThriftConsistency consistency, CancellationToken cancel) =>
            Connection.CallAsync("get_range_slices", w =>
            {
                CassandraCodec.ColumnParent(w, 1, columnFamily);
                CassandraCodec.Predicate(w, 2, predicate);
                CassandraCodec.KeyRange(w, 3, range);
                w.Field(TType.I32, 4).I32((int)consistency);
            }, (r, t) => List(r, t, CassandraCodec.ReadKeySlice), Reads, cancel);

        /// <summary>
        /// get_range_slices read in place: onColumn sees each column's name and value as they lie in
        /// the answer, nothing copied; a first row whose key is skipKey (the last row of the page
        /// before) is passed over. Returns the rows in the answer and the last key.
        /// </summary>
        public Task<(int Rows, bool FirstSkipped, byte[] LastKey)> VisitRangeSlicesAsync(string columnFamily,
            SlicePredicate predicate,
            KeyRange range, ThriftConsistency consistency, byte[] skipKey,
            Action<ArraySegment<byte>, ArraySegment<byte>> onColumn,
            CancellationToken cancel) =>
            Connection.CallAsync("get_range_slices", w =>
            {
                CassandraCodec.ColumnParent(w, 1, columnFamily);
                CassandraCodec.Predicate(w, 2, predicate);
                CassandraCodec.KeyRange(w, 3, range);
                w.Field(TType.I32, 4).I32((int)consistency);
            }, (r, t) => CassandraCodec.VisitKeySlices(r, t, skipKey, onColumn), Reads, cancel);

        public Task<List<ThriftColumn>> GetSliceAsync(byte[] key, string columnFamily, SlicePredicate predicate,
            ThriftConsistency consistency, CancellationToken cancel) =>
            Connection.CallAsync("get_slice", w =>
            {
                w.Field(TType.String, 1).Binary(key);
                CassandraCodec.ColumnParent(w, 2, columnFamily);
                CassandraCodec.Predicate(w, 3, predicate);
                w.Field(TType.I32, 4).I32((int)consistency);
            }, (r, t) =>
            {
                var columns = new List<ThriftColumn>();
                if (t == TType.List) CassandraCodec.ReadColumns(r, columns); else r.Skip(t);
                return columns;
            }, Reads, cancel);

        /// <summary>Columns of several rows at once, by key (as hex text, since byte[] is no dictionary key).</summary>
        public Task<Dictionary<string, List<ThriftColumn>>> MultigetSliceAsync(IReadOnlyList<byte[]> keys,
            string columnFamily,
            SlicePredicate predicate, ThriftConsistency consistency, CancellationToken cancel) =>
            Connection.CallAsync("multiget_slice", w =>
            {
                w.Field(TType.List, 1).ListBegin(TType.String, keys.Count);
                foreach (var k in keys) w.Binary(k);
                CassandraCodec.ColumnParent(w, 2, columnFamily);
                CassandraCodec.Predicate(w, 3, predicate);
                w.Field(TType.I32, 4).I32((int)consistency);
            }, (r, t) =>
            {
                var map = new Dictionary<string, List<ThriftColumn>>();
                if (t != TType.Map) { r.Skip(t); return map; }
                var (key, value, count) = r.MapBegin();
                for (int i = 0; i < count; i++)
                {
                    if (key != TType.String || value != TType.List) { r.Skip(key); r.Skip(value); continue; }
                    string k = Util.AtomicFile.ToHex(r.Binary());
                    var columns = new List<ThriftColumn>();
                    CassandraCodec.ReadColumns(r, columns);
                    map[k] = columns;
                }
                return map;
            }, Reads, cancel);

        /// <summary>
        /// Creates a keyspace; answers the new schema version. SchemaDisagreement while nodes differ.
        /// </summary>
        public Task<string> SystemAddKeyspaceAsync(KsDef keyspace, CancellationToken cancel) =>
            Connection.CallAsync("system_add_keyspace", w => CassandraCodec.KsDef(w, 1, keyspace),
                (r, t) => Scalar(r, t), new[] { CassandraFault.InvalidRequest,
                    CassandraFault.SchemaDisagreement }, cancel);

        /// <summary>
        /// CQL 3 through Thrift (Cassandra 1.2+; TApplicationException "unknown method" on 1.1): rows as raw columns.
        /// </summary>
        public Task<List<KeySlice>> ExecuteCql3Async(string query, ThriftConsistency consistency,
            CancellationToken cancel) =>
            Connection.CallAsync("execute_cql3_query", w =>
            {
                w.Field(TType.String, 1).Binary(Encoding.UTF8.GetBytes(query));
                w.Field(TType.I32, 2).I32(2);              // Compression.NONE
                w.Field(TType.I32, 3).I32((int)consistency);
            }, ReadCqlRows, new[] { CassandraFault.InvalidRequest, CassandraFault.Unavailable, CassandraFault.TimedOut,
                CassandraFault.SchemaDisagreement }, cancel);

        private Task<string> Text(string method, CancellationToken cancel) =>
            Connection.CallAsync(method, null, (r, t) => Scalar(r, t), null, cancel);

        private static string Scalar(ThriftReader r, TType t)
        {
            if (t == TType.String) return r.String();
            r.Skip(t);
            return null;
        }

        private static T Struct<T>(ThriftReader r, TType t, System.Func<ThriftReader, T> read) where T : class
        {
            if (t == TType.Struct) return read(r);
            r.Skip(t);
            return null;
        }

        private static List<T> List<T>(ThriftReader r, TType t, System.Func<ThriftReader, T> read)
        {
            var list = new List<T>();
            if (t == TType.List) CassandraCodec.ReadList(r, list, TType.Struct, read); else r.Skip(t);
            return list;
        }

        /// <summary>CqlResult: its rows (field 2, CqlRow = key + columns) as key slices.</summary>
        private static List<KeySlice> ReadCqlRows(ThriftReader r, TType t)
        {
            var rows = new List<KeySlice>();
            if (t != TType.Struct) { r.Skip(t); return rows; }
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 2 && f.Type == TType.List) CassandraCodec.ReadList(r, rows, TType.Struct, ReadCqlRow);
                else r.Skip(f.Type);
            }
            return rows;
        }

        private static KeySlice ReadCqlRow(ThriftReader r)
        {
            var row = new KeySlice();
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 1 && f.Type == TType.String) row.Key = r.Binary();
                else if (f.Id == 2 && f.Type == TType.List) CassandraCodec.ReadList(r, row.Columns, TType.Struct,
                    CassandraCodec.ReadColumn);
                else r.Skip(f.Type);
            }
            return row;
        }
    }
}
