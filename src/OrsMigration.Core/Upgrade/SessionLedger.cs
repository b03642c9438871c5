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

        /// <summary>
        /// What became of each session seen before a switchover. A session gone afterwards counts
        /// as ended only where the store can tell ended from lost (ISessionFate); elsewhere it, and
        /// a session whose owner cannot be read, is unverified, never carried.
        /// </summary>
        public SessionAccount Account(Dictionary<string, string> before, int nodeId, string newPrimary,
            CancellationToken cancel)
        {
            var account = new SessionAccount();
            if (_store == null) return account;
            var after = Snapshot(nodeId, cancel);
            var fate = _store as ISessionFate;
            var lostIds = new HashSet<string>(fate?.LostSessionIds() ?? new string[0]);
            foreach (var id in before.Keys)
            {
                if (lostIds.Contains(id)) account.Lost++;
                else if (!after.TryGetValue(id,
                    out var owner)) { if (fate != null) account.Ended++; else account.Unverified++; }
                else if (owner == null) account.Unverified++;
                else if (owner == newPrimary) account.Carried++;
                else account.Lost++;
            }
            return account;
        }

        public long Total(CancellationToken cancel) =>
            _store == null ? 0 : _store.CountAsync(false, null, null, cancel).GetAwaiter().GetResult().Sum(c => c.Count);
    }

    /// <summary>The fate of a node's persisted sessions across one switchover.</summary>
    public sealed class SessionAccount
    {
        public long Carried { get; set; }
        public long Ended { get; set; }
        public long Lost { get; set; }
        public long Unverified { get; set; }
    }
}
