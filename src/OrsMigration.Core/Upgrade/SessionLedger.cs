using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using OrsMigration.Persistence;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// Accounts for a node's persisted sessions across a switchover: each session seen before it
    /// either ended normally, is now carried by the new primary, or was lost.
    /// </summary>
    public sealed class SessionLedger
    {
        private readonly ISessionStore _store;

        public SessionLedger(ISessionStore store) { _store = store; }

        public bool Enabled => _store != null;

        public Dictionary<string, string> Snapshot(int nodeId, CancellationToken cancel)
        {
            var sessions = new ConcurrentDictionary<string, string>();
            if (_store == null) return new Dictionary<string, string>();
            _store.ListAsync(new[] { nodeId }, s => sessions[s.SessionId] = s.ServerName, cancel).GetAwaiter().GetResult();
            return new Dictionary<string, string>(sessions);
        }

        public (long Carried, long Ended, long Lost) Account(Dictionary<string, string> before, int nodeId, string newPrimary, CancellationToken cancel)
        {
            if (_store == null) return (0, 0, 0);
            var after = Snapshot(nodeId, cancel);
            var lostIds = new HashSet<string>((_store as ISessionFate)?.LostSessionIds() ?? new string[0]);
            long carried = 0, ended = 0, lost = 0;
            foreach (var id in before.Keys)
            {
                if (lostIds.Contains(id)) lost++;
                else if (!after.TryGetValue(id, out var owner)) ended++;
                else if (owner == null || owner == newPrimary) carried++;
                else lost++;
            }
            return (carried, ended, lost);
        }

        public long Total(CancellationToken cancel) =>
            _store == null ? 0 : _store.CountAsync(false, null, null, cancel).GetAwaiter().GetResult().Sum(c => c.Count);
    }
}
