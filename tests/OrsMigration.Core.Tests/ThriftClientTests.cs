using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OrsMigration.Thrift;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>The module's Thrift client against the stand-in built from Cassandra's own interface definition.</summary>
    public class ThriftClientTests
    {
        private static ThriftConnectOptions Options(ThriftStandIn s, NetworkCredential credential = null) =>
            new ThriftConnectOptions { Port = s.Port, Credential = credential, RequestTimeout = TimeSpan.FromSeconds(5) };

        private static async Task<CassandraThriftClient> Client(ThriftStandIn s, string keyspace = null, NetworkCredential credential = null)
        {
            var pool = new ThriftPool(Options(s, credential), keyspace);
            return await pool.OpenAsync(s.Hosts[0], keyspace, CancellationToken.None);
        }

        [Fact]
        public async Task DescribesTheClusterAsCassandra11Would()
        {
            using (var s = new ThriftStandIn())
            {
                var c = await Client(s);
                Assert.Equal("19.33.0", await c.DescribeVersionAsync(CancellationToken.None));
                Assert.Equal("Test Cluster", await c.DescribeClusterNameAsync(CancellationToken.None));
                Assert.Equal(ThriftPartitioner.Random, ThriftRing.PartitionerOf(await c.DescribePartitionerAsync(CancellationToken.None)));
                var ks = await c.DescribeKeyspaceAsync("Orchestration", CancellationToken.None);
                Assert.EndsWith("NetworkTopologyStrategy", ks.StrategyClass);
                Assert.Equal("2", ks.StrategyOptions["DC1"]);
                Assert.Contains(ks.CfDefs, cf => cf.Name == "SessionIDServerInfo" && cf.KeyValidationClass != null);
                Assert.Null(await c.DescribeKeyspaceAsync("NoSuchKeyspace", CancellationToken.None));
                var ring = await c.DescribeRingAsync("Orchestration", CancellationToken.None);
                Assert.Equal(3, ring.Count);
                Assert.Contains(ring, r => r.EndpointDetails.Any(d => d.DataCenter == "DC2"));
                Assert.Single(await c.DescribeSchemaVersionsAsync(CancellationToken.None));
            }
        }

        [Theory]
        [InlineData(ThriftStandIn.Random, "1.1.12")]
        [InlineData(ThriftStandIn.Murmur3, "2.2.5")]
        public async Task ARangeScanReadsEveryRowExactlyOnceAcrossWrappingRanges(string partitioner, string release)
        {
            using (var s = new ThriftStandIn(3, release, partitioner, ThriftStandIn.Sessions(1000, 240, 242)))
            {
                var (scanner, _) = await Scanner(s);
                var keys = new ConcurrentBag<string>();
                long rows = await scanner.ForEachPageAsync("SessionIDServerInfo", new SlicePredicate(),
                    (range, page) => { foreach (var k in page) keys.Add(Encoding.UTF8.GetString(k.Key)); });
                Assert.Equal(1000, rows);
                Assert.Equal(1000, keys.Distinct().Count());
            }
        }

        [Fact]
        public async Task ADroppedConnectionOrATimeoutMidScanMissesNothingAndDoublesNothing()
        {
            var faults = ThriftStandIn.Sessions(600);
            faults["faults"] = new JArray(
                new JObject { ["method"] = "get_range_slices", ["kind"] = "drop", ["after"] = 5, ["times"] = 2 },
                new JObject { ["method"] = "get_range_slices", ["kind"] = "timedout", ["after"] = 9, ["times"] = 1 },
                new JObject { ["method"] = "get_range_slices", ["kind"] = "unavailable", ["after"] = 12, ["times"] = 1 });
            using (var s = new ThriftStandIn(3, "1.1.12", ThriftStandIn.Random, faults))
            {
                var (scanner, _) = await Scanner(s);
                var keys = new ConcurrentBag<string>();
                long rows = await scanner.ForEachPageAsync("SessionIDServerInfo", new SlicePredicate(),
                    (range, page) => { foreach (var k in page) keys.Add(Encoding.UTF8.GetString(k.Key)); });
                Assert.Equal(600, rows);
                Assert.Equal(600, keys.Distinct().Count());
            }
        }

        [Fact]
        public async Task TheSessionStoreCountsPerNodeInPlaceThroughDroppedConnections()
        {
            var extra = ThriftStandIn.Sessions(900, 240, 242, 244);
            extra["faults"] = new JArray(new JObject { ["method"] = "get_range_slices", ["kind"] = "drop", ["after"] = 4, ["times"] = 3 });
            using (var s = new ThriftStandIn(3, "1.1.12", ThriftStandIn.Random, extra))
            using (var cluster = await Persistence.ThriftCluster.ConnectAsync(s.Hosts, Options(s), "Orchestration", CancellationToken.None))
            {
                var store = (Persistence.ThriftSessionStore)cluster.SessionStore("Orchestration", null);
                store.PageSize = 11;
                var counts = await store.CountAsync(true, null, null, CancellationToken.None);
                Assert.Equal(new[] { 240, 242, 244 }, counts.Select(c => c.NodeId));
                Assert.All(counts, c => Assert.Equal(300, c.Count));
                Assert.Equal(300, (await store.CountAsync(false, new[] { 242 }, null, CancellationToken.None)).Single().Count);
                var listed = new ConcurrentBag<OrsPersistedSession>();
                await store.ListAsync(new[] { 244 }, listed.Add, CancellationToken.None);
                Assert.Equal(300, listed.Select(x => x.SessionId).Distinct().Count());
                Assert.All(listed, x => Assert.Equal("ORS_244", x.ServerName));
            }
        }

        [Fact]
        public async Task EachDeclaredFaultBecomesItsTypedError()
        {
            var extra = new JObject
            {
                ["disagreement_seconds"] = 30,
                ["faults"] = new JArray(new JObject { ["method"] = "get_slice", ["kind"] = "timedout", ["times"] = 1 },
                                        // The first call is the one above's; this rule sees the calls after it.
                                        new JObject { ["method"] = "get_slice", ["kind"] = "unavailable", ["times"] = 1 }),
            };
            using (var s = new ThriftStandIn(3, "1.1.12", ThriftStandIn.Random, extra))
            {
                var c = await Client(s);
                var ire = await Assert.ThrowsAsync<CassandraThriftException>(() => c.SetKeyspaceAsync("Nope", CancellationToken.None));
                Assert.Equal("OrsMigration.CassandraInvalidRequest", ire.ErrorId);
                await c.SetKeyspaceAsync("Orchestration", CancellationToken.None);
                var predicate = new SlicePredicate();
                var te = await Assert.ThrowsAsync<CassandraThriftException>(() =>
                    c.GetSliceAsync(new byte[] { 1 }, "Session", predicate, ThriftConsistency.One, CancellationToken.None));
                Assert.Equal(CassandraFault.TimedOut, te.Fault);
                var ue = await Assert.ThrowsAsync<CassandraThriftException>(() =>
                    c.GetSliceAsync(new byte[] { 1 }, "Session", predicate, ThriftConsistency.One, CancellationToken.None));
                Assert.Equal(CassandraFault.Unavailable, ue.Fault);
                var app = await Assert.ThrowsAsync<ThriftApplicationException>(() =>
                    c.ExecuteCql3Async("SELECT release_version FROM system.local", ThriftConsistency.One, CancellationToken.None));
                Assert.Equal(ThriftApplicationException.UnknownMethod, app.Type);
                var ks = new KsDef { Name = "Second", StrategyClass = "org.apache.cassandra.locator.SimpleStrategy" };
                ks.StrategyOptions["replication_factor"] = "1";
                await c.SystemAddKeyspaceAsync(ks, CancellationToken.None);
                ks.Name = "Third";
                var sde = await Assert.ThrowsAsync<CassandraThriftException>(() => c.SystemAddKeyspaceAsync(ks, CancellationToken.None));
                Assert.Equal(CassandraFault.SchemaDisagreement, sde.Fault);
                Assert.Equal(2, (await c.DescribeSchemaVersionsAsync(CancellationToken.None)).Count);
            }
        }

        [Fact]
        public async Task AWrongPasswordIsRefusedWithoutEchoingIt()
        {
            var extra = new JObject { ["credentials"] = new JObject { ["user"] = "ors", ["password"] = "R1ght-pw" } };
            using (var s = new ThriftStandIn(1, "1.1.12", ThriftStandIn.Random, extra))
            {
                var e = await Assert.ThrowsAsync<CassandraThriftException>(() => Client(s, null, new NetworkCredential("ors", "Wr0ng-pw")));
                Assert.Equal("OrsMigration.CassandraAuthenticationFailed", e.ErrorId);
                Assert.DoesNotContain("Wr0ng-pw", e.ToString());
                var ok = await Client(s, "Orchestration", new NetworkCredential("ors", "R1ght-pw"));
                Assert.Equal("19.33.0", await ok.DescribeVersionAsync(CancellationToken.None));
            }
        }

        [Fact]
        public async Task ADeclaredTwoGigabyteFrameAllocatesNothingAndFailsClearly()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = Task.Run(async () =>
            {
                using (var socket = await listener.AcceptSocketAsync())
                {
                    var buffer = new byte[4096];
                    socket.Receive(buffer);
                    socket.Send(new byte[] { 0x7f, 0xff, 0xff, 0xf0, 0x80, 0x01, 0x00, 0x02 });
                    await Task.Delay(2000);
                }
            });
            try
            {
                var connection = await ThriftConnection.OpenAsync("127.0.0.1", new ThriftConnectOptions { Port = port }, CancellationToken.None);
                long before = TestPaths.AllocatedBytes();
                var e = await Assert.ThrowsAsync<ThriftFrameTooLargeException>(() => new CassandraThriftClient(connection).DescribeVersionAsync(CancellationToken.None));
                Assert.True(TestPaths.AllocatedBytes() - before < 64 * 1024 * 1024, "no buffer for the declared frame");
                Assert.Contains("2147483632", e.Message);
                Assert.False(connection.IsOpen);
            }
            finally { listener.Stop(); }
        }

        private static async Task<(ThriftScanner, ThriftPool)> Scanner(ThriftStandIn s)
        {
            var pool = new ThriftPool(Options(s), "Orchestration");
            var c = await pool.OpenAsync(s.Hosts[0], "Orchestration", CancellationToken.None);
            var partitioner = ThriftRing.PartitionerOf(await c.DescribePartitionerAsync(CancellationToken.None));
            var ring = ThriftRing.Ranges(await c.DescribeRingAsync("Orchestration", CancellationToken.None), partitioner);
            return (new ThriftScanner(pool, ring) { PageSize = 7, Parallelism = 3 }, pool);
        }
    }
}
