using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;

namespace OrsMigration.Commands
{
    /// <summary>Lists persisted sessions as they are read (streamed), optionally only those of some nodes.</summary>
    [Cmdlet(VerbsCommon.Get, "OrsPersistedSession",
        HelpUri = ProjectInfo.HelpBase + "Get-OrsPersistedSession.md")]
    [OutputType(typeof(OrsPersistedSession))]
    public sealed class GetOrsPersistedSessionCommand : OrsNodeSessionsCmdletBase
    {
        protected override void EndProcessing()
        {
            var session = ActiveSessions;
            // Bounded: the scan waits while the pipeline is slower than Cassandra, so memory stays flat.
            using (var queue = new BlockingCollection<OrsPersistedSession>(10000))
            {
                var scan = Task.Run(async () =>
                {
                    try { await session.SessionStore.ListAsync(Nodes, s => queue.Add(s, CancelToken), CancelToken).ConfigureAwait(false); }
                    finally { queue.CompleteAdding(); }
                });
                foreach (var s in queue.GetConsumingEnumerable()) WriteObject(s);
                Run(scan);
            }
        }
    }
}
