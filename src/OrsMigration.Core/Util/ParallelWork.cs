using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Util
{
    /// <summary>
    /// The one bounded fan-out of range scans (CQL and Thrift alike): at most `parallelism` items at once.
    /// </summary>
    internal static class ParallelWork
    {
        /// <summary>Runs work on every item; work returns the rows it read, progress hears the running total.</summary>
        public static async Task<long> ForEachAsync<T>(IEnumerable<T> items, int parallelism, Func<T, Task<long>> work,
            IProgress<long> progress, CancellationToken cancel)
        {
            var queue = new ConcurrentQueue<T>(items);
            long rows = 0;
            var workers = Enumerable.Range(0, Math.Max(1, Math.Min(parallelism, queue.Count))).Select(_
                => Task.Run(async () =>
            {
                while (queue.TryDequeue(out var item))
                {
                    cancel.ThrowIfCancellationRequested();
                    long n = await work(item).ConfigureAwait(false);
                    long total = Interlocked.Add(ref rows, n);
                    progress?.Report(total);
                }
            }, cancel)).ToList();
            await Task.WhenAll(workers).ConfigureAwait(false);
            return Interlocked.Read(ref rows);
        }
    }
}
