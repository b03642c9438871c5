using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Persistence;
using OrsMigration.Upgrade;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>Session accounting never calls a session carried (or ended) when the store cannot say so.</summary>
    public class SessionLedgerTests
    {
        private class Store : ISessionStore
        {
            public List<OrsPersistedSession> Sessions { get; set; } = new List<OrsPersistedSession>();
            public string Description => "test";
            public Task<IReadOnlyList<OrsSessionCount>> CountAsync(bool byNode, IReadOnlyCollection<int> nodeIds, IProgress<long> rowsRead, CancellationToken cancel) =>
                Task.FromResult<IReadOnlyList<OrsSessionCount>>(new[] { new OrsSessionCount { NodeId = 1, Count = Sessions.Count } });
            public Task ListAsync(IReadOnlyCollection<int> nodeIds, Action<OrsPersistedSession> onSession, CancellationToken cancel)
            {
                foreach (var s in Sessions.ToList()) onSession(s);
                return Task.CompletedTask;
            }
        }

        private sealed class FateStore : Store, ISessionFate
        {
            public List<string> Lost { get; } = new List<string>();
            public IReadOnlyList<string> LostSessionIds() => Lost;
        }

        private static OrsPersistedSession S(string id, string owner) => new OrsPersistedSession { SessionId = id, NodeId = 1, ServerName = owner };

        [Fact]
        public void WithoutFateAVanishedSessionOrAnUnreadableOwnerIsUnverified()
        {
            var store = new Store { Sessions = { S("a", "P"), S("b", "P"), S("c", "P"), S("d", "P") } };
            var ledger = new SessionLedger(store);
            var before = ledger.Snapshot(1, CancellationToken.None);
            store.Sessions = new List<OrsPersistedSession> { S("a", "B"), S("b", null), S("c", "P") };
            var account = ledger.Account(before, 1, "B", CancellationToken.None);
            Assert.Equal(1, account.Carried);     // a: owned by the new primary
            Assert.Equal(2, account.Unverified);  // b: owner unreadable; d: gone, ended or lost cannot be told
            Assert.Equal(1, account.Lost);        // c: still owned by the old primary
            Assert.Equal(0, account.Ended);
        }

        [Fact]
        public void WithFateAVanishedSessionEndedUnlessTheStoreSaysItWasLost()
        {
            var store = new FateStore { Sessions = { S("a", "P"), S("b", "P") } };
            var ledger = new SessionLedger(store);
            var before = ledger.Snapshot(1, CancellationToken.None);
            store.Sessions.Clear();
            store.Lost.Add("b");
            var account = ledger.Account(before, 1, "B", CancellationToken.None);
            Assert.Equal(1, account.Ended);
            Assert.Equal(1, account.Lost);
            Assert.Equal(0, account.Unverified);
        }
    }
}
