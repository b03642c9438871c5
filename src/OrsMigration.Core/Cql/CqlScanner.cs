using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Cql
{
    /// <summary>
    /// Full-table reads as DSBulk does them: the ring split into token ranges, each range read page
    /// by page from its owner with bounded parallelism. A page is handed on only once it has fully
    /// arrived, and a failed page is asked again with the same paging state (from another node if
    /// need be), so no row is counted twice or missed.
    /// </summary>
    public sealed class CqlScanner
    {
        private readonly CqlSession _session;

        public CqlScanner(CqlSession session) { _session = session; }

        public int Parallelism { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);
        public int SplitsPerCore { get; set; } = 8;
        public int PageSize { get; set; } = 5000;
        public int MaxAttemptsPerPage { get; set; } = 4;

        /// <summary>Ranges to query: the ring's ranges split into about 8 per core.</summary>
        public List<TokenRange> PlanRanges()
        {
            var ranges = TokenRing.Ranges(_session.Hosts);
            if (ranges.Count == 0) ranges.Add(new TokenRange(TokenRing.Min, TokenRing.Max, _session.ControlHost));
            return TokenRing.Split(ranges, Math.Max(ranges.Count, SplitsPerCore * Environment.ProcessorCount));
        }

        /// <summary>
        /// Runs cql (whose last two bind markers are the range bounds) over every range; onPage gets
        /// each complete page on a worker thread. Returns the number of rows read.
        /// </summary>
        public Task<long> ForEachPageAsync(string cql, Action<TokenRange, CqlRowSet> onPage, IProgress<long> progress = null, CancellationToken cancel = default) =>
            ForEachRangeAsync(range => ReadRangeAsync(cql, range, onPage, cancel), progress, cancel);

        /// <summary>
        /// Runs work on every planned range, at most Parallelism at once; work returns the rows it read.
        /// </summary>
        public Task<long> ForEachRangeAsync(Func<TokenRange, Task<long>> work, IProgress<long> progress = null,
            CancellationToken cancel = default) =>
            Util.ParallelWork.ForEachAsync(PlanRanges(), Parallelism, work, progress, cancel);

        /// <summary>Every page of one range, in order.</summary>
        public Task<long> ReadRangeAsync(string cql, TokenRange range, Action<TokenRange, CqlRowSet> onPage,
            CancellationToken cancel) =>
            PageThroughAsync(range, async (values, options) =>
            {
                var page = await _session.ExecuteAsync(cql, values, options, cancel).ConfigureAwait(false);
                onPage(range, page);
                return (page.PagingState, (long)page.Rows.Count);
            }, cancel);

        /// <summary>
        /// Every page of one range read in place by visit (which returns the rows it saw); nothing is decoded for it.
        /// </summary>
        public Task<long> VisitRangeAsync(string cql, TokenRange range, Func<CqlRowCursor, long> visit,
            CancellationToken cancel) =>
            PageThroughAsync(range, (values, options) => _session.ExecuteVisitAsync(cql, values, options, visit,
                cancel), cancel);

        private async Task<long> PageThroughAsync(TokenRange range, Func<object[], CqlQueryOptions,
            Task<(byte[] State, long Rows)>> page,
            CancellationToken cancel)
        {
            long rows = 0;
            byte[] state = null;
            var values = new object[] { range.Start, range.End };
            do
            {
                var (next, n) = await PageAsync(page, values, range, state, cancel).ConfigureAwait(false);
                rows += n;
                state = next;
            } while (state != null);
            return rows;
        }

        /// <summary>
        /// One page; on a broken connection or a timeout the same page is asked again, from the owner first.
        /// </summary>
        private async Task<(byte[], long)> PageAsync(Func<object[], CqlQueryOptions, Task<(byte[], long)>> page,
            object[] values,
            TokenRange range, byte[] state, CancellationToken cancel)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    var options = new CqlQueryOptions { PageSize = PageSize, PagingState = state, Host = attempt == 1 ? range.Owner : null };
                    return await page(values, options).ConfigureAwait(false);
                }
                catch (CqlException e) when (attempt < MaxAttemptsPerPage && (e is CqlConnectionException
                    || e is CqlTimeoutException
                    || CqlErrorDecoder.IsRetryableElsewhere(e) || e is CqlReadTimeoutException))
                {
                    await Task.Delay(50 * attempt, cancel).ConfigureAwait(false);
                }
            }
        }
    }
}
