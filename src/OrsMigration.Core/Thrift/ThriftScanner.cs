using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// Reads a column family over the whole ring with get_range_slices, the way Cassandra's own
    /// Hadoop reader does: each token range paged by asking again from the last key read (and
    /// dropping that repeated row), ranges read in parallel, each worker on its own connection to
    /// a node that holds the range. A page that fails on a broken connection, a timeout or an
    /// unavailable replica is asked again from the same key, so no row is missed or counted twice.
    /// </summary>
    public sealed class ThriftScanner
    {
        private readonly ThriftPool _pool;
        private readonly IReadOnlyList<ThriftRange> _ring;

        public ThriftScanner(ThriftPool pool, IReadOnlyList<ThriftRange> ring)
        {
            _pool = pool;
            _ring = ring;
        }

        public int Parallelism { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);
        public int SplitsPerWorker { get; set; } = 4;
        /// <summary>
        /// Rows per get_range_slices call; at least 2, since each page after the first repeats one row.
        /// </summary>
        public int PageSize { get => _pageSize; set => _pageSize = Math.Max(2, value); }
        private int _pageSize = 1000;
        public int MaxAttemptsPerPage { get; set; } = 4;
        public ThriftConsistency Consistency { get; set; } = ThriftConsistency.One;

        public List<ThriftRange> PlanRanges() => ThriftRing.Split(_ring, Math.Max(1, Parallelism * SplitsPerWorker));

        /// <summary>
        /// Every row of the column family, page by page (from several threads); returns the rows read.
        /// </summary>
        public Task<long> ForEachPageAsync(string columnFamily, SlicePredicate predicate, Action<ThriftRange,
            IReadOnlyList<KeySlice>> onPage,
            IProgress<long> progress = null, CancellationToken cancel = default) =>
            ForEachRangeAsync(range => ReadRangeAsync(columnFamily, predicate, range, onPage, cancel), progress,
                cancel);

        public Task<long> ForEachRangeAsync(Func<ThriftRange, Task<long>> work, IProgress<long> progress = null,
            CancellationToken cancel = default) =>
            Util.ParallelWork.ForEachAsync(PlanRanges(), Parallelism, work, progress, cancel);

        /// <summary>Every row of one range, page by page, handed to onPage; returns the rows read.</summary>
        public Task<long> ReadRangeAsync(string columnFamily, SlicePredicate predicate, ThriftRange range,
            Action<ThriftRange, IReadOnlyList<KeySlice>> onPage, CancellationToken cancel) =>
            PageThroughAsync(range, async (client, keys, lastKey) =>
            {
                var page = await client.GetRangeSlicesAsync(columnFamily, predicate, keys, Consistency,
                    cancel).ConfigureAwait(false);
                bool repeated = lastKey != null && page.Count > 0 && page[0].Key.AsSpanEquals(lastKey);
                var fresh = repeated ? page.GetRange(1, page.Count - 1) : page;
                if (fresh.Count > 0) onPage(range, fresh);
                return (page.Count, fresh.Count, page.Count > 0 ? page[page.Count - 1].Key : null);
            }, cancel);

        /// <summary>Every column of one range read in place (nothing copied per row): what counting needs.</summary>
        public Task<long> VisitRangeAsync(string columnFamily, SlicePredicate predicate, ThriftRange range,
            Action<ArraySegment<byte>, ArraySegment<byte>> onColumn, CancellationToken cancel) =>
            PageThroughAsync(range, async (client, keys, lastKey) =>
            {
                var (rows, skipped, last) = await client.VisitRangeSlicesAsync(columnFamily, predicate, keys,
                    Consistency, lastKey, onColumn, cancel)
                    .ConfigureAwait(false);
                return (rows, skipped ? rows - 1 : rows, last);
            }, cancel);

        /// <summary>
        /// Pages through a range: the first page by tokens, the next ones from the last key read, to
        /// the range's end; a page that comes back short, or holds only the repeated row, is the last.
        /// </summary>
        private async Task<long> PageThroughAsync(ThriftRange range,
            Func<CassandraThriftClient, KeyRange, byte[], Task<(int Rows, int Fresh,
                byte[] LastKey)>> page, CancellationToken cancel)
        {
            long fresh = 0;
            byte[] lastKey = null;
            CassandraThriftClient client = null;
            try
            {
                while (true)
                {
                    var keys = NextKeys(range, lastKey);
                    var key = lastKey;
                    (int Rows, int Fresh, byte[] LastKey) result;
                    (result, client) = await PageAsync(c => page(c, keys, key), range, client,
                        cancel).ConfigureAwait(false);
                    fresh += result.Fresh;
                    if (result.Rows < PageSize || result.Fresh == 0) return fresh;
                    lastKey = result.LastKey;
                }
            }
            finally
            {
                if (client != null) _pool.Return(client.Host, client);
            }
        }

        /// <summary>The first page by tokens; later ones from the last key read, to the range's end token.</summary>
        private KeyRange NextKeys(ThriftRange range, byte[] lastKey) => lastKey == null
            ? new KeyRange { StartToken = ThriftRing.Text(range.Start), EndToken = ThriftRing.Text(range.End),
                Count = PageSize }
            : new KeyRange { StartKey = lastKey, EndToken = ThriftRing.Text(range.End), Count = PageSize };

        private async Task<(T, CassandraThriftClient)> PageAsync<T>(Func<CassandraThriftClient, Task<T>> call,
            ThriftRange range,
            CassandraThriftClient client, CancellationToken cancel)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    client = client ?? await _pool.RentAsync(Rotate(range.Endpoints, attempt),
                        cancel).ConfigureAwait(false);
                    return (await call(client).ConfigureAwait(false), client);
                }
                catch (ThriftException e) when (Retryable(e) && attempt < MaxAttemptsPerPage
                    && !cancel.IsCancellationRequested)
                {
                    if (client != null && !client.Connection.IsOpen) { client.Connection.Dispose(); client = null; }
                    await Task.Delay(50 * attempt * attempt, cancel).ConfigureAwait(false);
                }
            }
        }

        private static bool Retryable(ThriftException e) =>
            e is ThriftConnectionException || e is ThriftTimeoutException
            || (e is CassandraThriftException c && (c.Fault == CassandraFault.TimedOut
                || c.Fault == CassandraFault.Unavailable));

        /// <summary>Another replica first on each retry.</summary>
        private static IReadOnlyList<string> Rotate(IReadOnlyList<string> endpoints, int attempt)
        {
            if (endpoints.Count < 2) return endpoints;
            int shift = (attempt - 1) % endpoints.Count;
            return endpoints.Skip(shift).Concat(endpoints.Take(shift)).ToList();
        }
    }

    internal static class ByteArrays
    {
        public static bool AsSpanEquals(this byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }
}
