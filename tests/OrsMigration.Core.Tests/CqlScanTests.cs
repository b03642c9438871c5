using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OrsMigration.Cql;
using OrsMigration.Persistence;
using Xunit;

namespace OrsMigration.Tests
{
    public class CqlScanTests
    {
        private static JObject Ors(int sessions, JArray faults = null) => new JObject
        {
            ["ors"] = new JObject { ["keyspace"] = "Orchestration", ["sessions"] = sessions, ["node_ids"] = new JArray(240, 242, 244) },
            ["num_tokens"] = 8,
            ["faults"] = faults ?? new JArray(),
        };

        private static async Task<(CqlSession, CassandraSessionStore)> Store(CqlTestServer server, TimeSpan? timeout = null)
        {
            var session = await CqlSession.ConnectAsync(new[] { server.ContactPoint }, new CqlConnectOptions { RequestTimeout = timeout ?? TimeSpan.FromSeconds(10) });
            return (session, new CassandraSessionStore(session, "Orchestration", new OrsSessionSchema()) { PageSize = 50 });
        }

        [Fact]
        public void TheRingCoversTheWholeTokenSpaceWithoutOverlap()
        {
            var hosts = new[] { new CqlHost { Tokens = { -100, 500 } }, new CqlHost { Tokens = { 0, long.MaxValue } } };
            var ranges = TokenRing.Ranges(hosts);
            Assert.Equal(long.MinValue, ranges.First().Start);
            Assert.Equal(long.MaxValue, ranges.Last().End);
            for (int i = 1; i < ranges.Count; i++) Assert.Equal(ranges[i - 1].End, ranges[i].Start);
            Assert.Same(hosts[0], ranges.First().Owner);
            var split = TokenRing.Split(ranges, 40);
            Assert.True(split.Count >= 40);
            for (int i = 1; i < split.Count; i++) Assert.Equal(split[i - 1].End, split[i].Start);
        }

        [Fact]
        public async Task CountsEverySessionPerNodeExactlyOnce()
        {
            using (var server = new CqlTestServer(3, Ors(3001)))
            {
                var (session, store) = await Store(server);
                using (session)
                {
                    var counts = await store.CountAsync(true, null, null, default);
                    Assert.Equal(new[] { 240, 242, 244 }, counts.Select(c => c.NodeId));
                    Assert.Equal(new long[] { 1001, 1000, 1000 }, counts.Select(c => c.Count));
                    var total = Assert.Single(await store.CountAsync(false, null, null, default));
                    Assert.Equal(3001, total.Count);
                    var one = await store.CountAsync(true, new[] { 242, 999 }, null, default);
                    Assert.Equal(new long[] { 1000, 0 }, one.Select(c => c.Count));
                }
            }
        }

        [Fact]
        public async Task AConnectionDroppedMidScanResumesWithoutCountingTwiceOrMissing()
        {
            var faults = new JArray(new JObject { ["match"] = "SessionIDServerInfo", ["drop"] = true, ["after"] = 5, ["times"] = 3 });
            using (var server = new CqlTestServer(3, Ors(2000, faults)))
            {
                var (session, store) = await Store(server);
                using (session)
                {
                    var total = Assert.Single(await store.CountAsync(false, null, null, default));
                    Assert.Equal(2000, total.Count);
                }
            }
        }

        [Fact]
        public async Task AStallingNodeIsAskedAgainAndTheCountIsExact()
        {
            var faults = new JArray(new JObject { ["match"] = "SessionIDServerInfo", ["node"] = 1, ["stall_ms"] = 2000, ["times"] = 2 });
            using (var server = new CqlTestServer(3, Ors(900, faults)))
            {
                var (session, store) = await Store(server, TimeSpan.FromMilliseconds(500));
                using (session)
                    Assert.Equal(900, Assert.Single(await store.CountAsync(false, null, null, default)).Count);
            }
        }

        [Fact]
        public async Task ListsSessionsWithOwnerWriteTimeAndSize()
        {
            using (var server = new CqlTestServer(3, Ors(300)))
            {
                var (session, store) = await Store(server);
                using (session)
                {
                    var found = new ConcurrentBag<OrsPersistedSession>();
                    await store.ListAsync(new[] { 244 }, found.Add, default);
                    Assert.Equal(100, found.Count);
                    Assert.All(found, s =>
                    {
                        Assert.Equal(244, s.NodeId);
                        Assert.Equal("ORS_244", s.ServerName);
                        Assert.Equal(64, s.SizeBytes);
                        Assert.True(s.LastUpdated > new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));
                    });
                    Assert.Equal(100, found.Select(s => s.SessionId).Distinct().Count());
                }
            }
        }

        [Fact]
        public void TheRealPythonDriverPagesThroughTheSameData()
        {
            var creds = new JObject { ["credentials"] = new JObject { ["user"] = "cassandra", ["password"] = "cassandra" } };
            creds.Merge(Ors(500));
            using (var server = new CqlTestServer(3, creds))
            {
                string output = CqlTestServer.RunPython(@"
import sys
from cassandra.cluster import Cluster
from cassandra.auth import PlainTextAuthProvider
from cassandra.query import SimpleStatement
c = Cluster(['127.0.0.1'], port=int(sys.argv[1]), protocol_version=4, auth_provider=PlainTextAuthProvider('cassandra', 'cassandra'),
            schema_metadata_enabled=False, token_metadata_enabled=False, connect_timeout=5)
s = c.connect()
rows = list(s.execute(SimpleStatement('SELECT key, column1, value FROM ""Orchestration"".""SessionIDServerInfo""', fetch_size=77)))
print(len(rows), len(set(r.key for r in rows)), len(c.metadata.all_hosts()))
c.shutdown()
", server.Ports[0].ToString());
                Assert.Equal("1000 500 3", output.Trim().Split('\n').Last());
            }
        }
    }
}
