using System.Diagnostics;
using System.Linq;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    /// <summary>Counts persisted sessions with a parallel token-range scan, in total or per node.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "OrsPersistedSession")]
    [OutputType(typeof(OrsSessionCount))]
    public sealed class MeasureOrsPersistedSessionCommand : OrsCassandraCmdletBase
    {
        [Parameter]
        public SwitchParameter ByNode { get; set; }

        /// <summary>Only sessions owned by these nodes (primary DBIDs).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int[] NodeId { get; set; }

        private readonly System.Collections.Generic.List<int> _nodeIds = new System.Collections.Generic.List<int>();

        // Node ids may arrive one pipeline object at a time (Get-OrsNode | ...); the scan runs once, at the end.
        protected override void ProcessRecord()
        {
            if (NodeId != null) _nodeIds.AddRange(NodeId);
        }

        private int[] Nodes => _nodeIds.Count > 0 ? _nodeIds.Distinct().ToArray() : null;

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
