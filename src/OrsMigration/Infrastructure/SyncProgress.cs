namespace OrsMigration.Commands
{
    /// <summary>An IProgress that calls back at once on the reporting thread (System.Progress would post to a context).</summary>
    internal sealed class SyncProgress : System.IProgress<long>
    {
        private readonly System.Action<long> _report;
        public SyncProgress(System.Action<long> report) { _report = report; }
        public void Report(long value) => _report(value);
    }
}
