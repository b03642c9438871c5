using System.Diagnostics;
using System.Linq;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    /// <summary>Counts persisted sessions with a parallel token-range scan, in total or per node.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "OrsPersistedSession",
        HelpUri = ProjectInfo.HelpBase + "Measure-OrsPersistedSession.md")]
    [OutputType(typeof(OrsSessionCount))]
    public sealed class MeasureOrsPersistedSessionCommand : OrsNodeSessionsCmdletBase
    {
        [Parameter]
        public SwitchParameter ByNode { get; set; }

        protected override void EndProcessing()
        {
            var session = ActiveSessions;
            long rows = 0;
            var watch = Stopwatch.StartNew();
            var task = session.SessionStore.CountAsync(ByNode || Nodes != null, Nodes, new SyncProgress(n => System.Threading.Interlocked.Exchange(ref rows, n)), CancelToken);
            try
            {
                var counts = Run(task, () => WriteProgress(new ProgressRecord(2, "Measure-OrsPersistedSession",
                    $"{System.Threading.Interlocked.Read(ref rows):N0} rows read in {watch.Elapsed.TotalSeconds:0.0} s")));
                WriteObject(counts, true);
            }
            finally
            {
                WriteProgress(new ProgressRecord(2, "Measure-OrsPersistedSession", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
