using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Polls the persisted-session count of the given nodes until it is at or below the threshold,
    /// with a progress bar showing the count, the drain rate and an estimate of the time left.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "OrsSessionDrain",
        HelpUri = ProjectInfo.HelpBase + "Wait-OrsSessionDrain.md")]
    [OutputType(typeof(OrsSessionCount))]
    public sealed class WaitOrsSessionDrainCommand : OrsNodeSessionsCmdletBase
    {
        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long Threshold { get; set; }

        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

        [Parameter]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

        protected override void EndProcessing()
        {
            var store = ActiveSessions.SessionStore;
            var watch = Stopwatch.StartNew();
            long first = -1;
            try
            {
                while (true)
                {
                    var counts = Run(store.CountAsync(Nodes != null, Nodes, null, CancelToken));
                    long total = counts.Sum(c => c.Count);
                    if (first < 0) first = total;
                    if (total <= Threshold)
                    {
                        WriteVerbose($"Drained: {total} persisted session(s) left after {watch.Elapsed:hh\\:mm\\:ss}.");
                        WriteObject(counts, true);
                        return;
                    }
                    if (watch.Elapsed >= Timeout) ThrowTimeout(counts, total);
                    Report(total, first, watch.Elapsed);
                    var left = Timeout - watch.Elapsed;
                    var pause = PollInterval < left ? PollInterval : (left > TimeSpan.Zero ? left : TimeSpan.Zero);
                    if (CancelToken.WaitHandle.WaitOne(pause)) throw new PipelineStoppedException();
                }
            }
            finally
            {
                WriteProgress(new ProgressRecord(3, "Wait-OrsSessionDrain", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        private void Report(long total, long first, TimeSpan elapsed)
        {
            double rate = elapsed.TotalSeconds > 0 ? (first - total) / elapsed.TotalSeconds : 0;
            var record = new ProgressRecord(3, "Wait-OrsSessionDrain", $"{total:N0} persisted session(s) left (threshold {Threshold:N0}); draining at {rate:N1}/s")
            {
                PercentComplete = first > Threshold ? (int)Math.Max(0, Math.Min(100, 100 * (first - total) / (first - Threshold))) : 0,
            };
            if (rate > 0) record.SecondsRemaining = (int)Math.Min(int.MaxValue, (total - Threshold) / rate);
            WriteProgress(record);
        }

        private void ThrowTimeout(System.Collections.Generic.IReadOnlyList<OrsSessionCount> counts, long total)
        {
            string detail = string.Join(", ", counts.Select(c => $"node {c.NodeId}: {c.Count}"));
            ThrowOrs(new OrsException("DrainTimeout", OrsErrorKind.OperationTimeout,
                $"Sessions did not drain within {Timeout}: {total} left (threshold {Threshold}; {detail}). Check that no new calls or interactions reach ORS, then wait longer (-Timeout).",
                counts));
        }
    }
}
