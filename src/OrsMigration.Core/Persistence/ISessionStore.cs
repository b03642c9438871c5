using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Persistence
{
    /// <summary>
    /// Where ORS keeps persisted sessions: Cassandra, or the lab's own store. Counting and listing
    /// are all the migration needs: to see what a node owns, and to wait for it to drain.
    /// </summary>
    public interface ISessionStore
    {
        string Description { get; }

        /// <summary>Counts per node (byNode), or one total with NodeId 0; nodeIds limits the count to those nodes.</summary>
        Task<IReadOnlyList<OrsSessionCount>> CountAsync(bool byNode, IReadOnlyCollection<int> nodeIds, IProgress<long> rowsRead, CancellationToken cancel);

        /// <summary>Every persisted session (of the given nodes), handed to onSession as it is read, possibly from several threads.</summary>
        Task ListAsync(IReadOnlyCollection<int> nodeIds, Action<OrsPersistedSession> onSession, CancellationToken cancel);
    }
}
