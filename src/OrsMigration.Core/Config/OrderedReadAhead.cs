using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Config
{
    /// <summary>One item with what was read for it, or why the read failed.</summary>
    public sealed class ReadResult<TItem, TRead>
    {
        internal ReadResult(TItem item, TRead value, Exception error) { Item = item; Value = value; Error = error; }
        public TItem Item { get; }
        public TRead Value { get; }
        public Exception Error { get; }
    }

    /// <summary>
    /// Reads ahead for pipeline items on at most <c>limit</c> threads and hands the results back
    /// in input order. A remote store (GAX) answers each read after a network round trip; keeping
    /// a few in flight hides that latency, while the bound keeps the Configuration Server's load
    /// what an administrator chose. With a limit of 1 every read runs inline.
    /// </summary>
    public sealed class OrderedReadAhead<TItem, TRead> : IDisposable
    {
        private readonly Func<TItem, TRead> _read;
        private readonly int _limit;
        private readonly CancellationToken _cancel;
        private readonly Queue<KeyValuePair<TItem, Task<TRead>>> _inFlight = new Queue<KeyValuePair<TItem, Task<TRead>>>();

        public OrderedReadAhead(Func<TItem, TRead> read, int limit, CancellationToken cancel = default)
        {
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), "At least one read must be allowed.");
            _read = read ?? throw new ArgumentNullException(nameof(read));
            _limit = limit;
            _cancel = cancel;
        }

        /// <summary>Starts the read for an item; returns the results that are due, oldest first.</summary>
        public IEnumerable<ReadResult<TItem, TRead>> Add(TItem item)
        {
            var due = new List<ReadResult<TItem, TRead>>();
            if (_limit == 1) { due.Add(Capture(item, () => _read(item))); return due; }
            while (_inFlight.Count >= _limit) due.Add(Complete(_inFlight.Dequeue()));
            // A thread of its own per read: the pool may be busy or small (2 threads on 2 cores), and a
            // queued read would then run only when the pipeline waits for it, one at a time.
            var read = Task.Factory.StartNew(() => _read(item), _cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            _inFlight.Enqueue(new KeyValuePair<TItem, Task<TRead>>(item, read));
            while (_inFlight.Count > 0 && _inFlight.Peek().Value.IsCompleted) due.Add(Complete(_inFlight.Dequeue()));
            return due;
        }

        /// <summary>Waits for every read still in flight; results in input order.</summary>
        public IEnumerable<ReadResult<TItem, TRead>> Finish()
        {
            while (_inFlight.Count > 0) yield return Complete(_inFlight.Dequeue());
        }

        private static ReadResult<TItem, TRead> Complete(KeyValuePair<TItem, Task<TRead>> pending) =>
            Capture(pending.Key, () => pending.Value.GetAwaiter().GetResult());

        // A failed read belongs to its item; cancellation is not a failure and stops the pipeline.
        private static ReadResult<TItem, TRead> Capture(TItem item, Func<TRead> read)
        {
            try { return new ReadResult<TItem, TRead>(item, read(), null); }
            catch (Exception e) when (!(e is OperationCanceledException)) { return new ReadResult<TItem, TRead>(item, default(TRead), e); }
        }

        /// <summary>Ctrl+C or an error upstream: reads still running are left to finish; nothing waits on them.</summary>
        public void Dispose()
        {
            while (_inFlight.Count > 0) _inFlight.Dequeue().Value.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
    }
}
