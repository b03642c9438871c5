#if THRIFT_ORACLE
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Transport;
using Thrift.Transport.Client;
using Xunit;
using Oracle = ThriftOracle.Cassandra;
using Ours = OrsMigration.Thrift;

namespace OrsMigration.Tests
{
    /// <summary>
    /// The module's Thrift against ApacheThrift 0.25.0 running code generated from the same
    /// definition: every request byte for byte (in memory), ApacheThrift-encoded answers decoded
    /// (unknown fields included), and ApacheThrift's own client against the stand-in.
    /// </summary>
    public class ThriftOracleTests
    {
        private static readonly CancellationToken None = CancellationToken.None;

        /// <summary>What ApacheThrift's generated client sends for a call: the framed message.</summary>
        private static async Task<byte[]> OracleRequest(Func<Oracle.Cassandra.Client, Task> send)
        {
            var buffer = new TMemoryBufferTransport(new TConfiguration(), 256);
            var protocol = new TBinaryProtocol(new TFramedTransport(buffer), true, true);
            await send(new Oracle.Cassandra.Client(protocol));
            return buffer.GetBuffer().Take((int)buffer.Length).ToArray();
        }

        /// <summary>What the module sends for a call, captured by a listener that answers nothing.</summary>
        private static async Task<byte[]> OurRequest(Func<Ours.CassandraThriftClient, Task> call)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var accept = listener.AcceptSocketAsync();
                var connection = await Ours.ThriftConnection.OpenAsync("127.0.0.1",
                    new Ours.ThriftConnectOptions { Port = ((IPEndPoint)listener.LocalEndpoint).Port, RequestTimeout = TimeSpan.FromSeconds(2) }, None);
                var pending = call(new Ours.CassandraThriftClient(connection));
                using (var socket = await accept)
                {
                    var head = Receive(socket, 4);
                    int length = (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3];
                    var frame = head.Concat(Receive(socket, length)).ToArray();
                    socket.Close();
                    try { await pending; } catch (OrsException) { }
                    return frame;
                }
            }
            finally { listener.Stop(); }
        }

        private static byte[] Receive(Socket socket, int count)
        {
            var buffer = new byte[count];
            for (int read = 0; read < count;) read += socket.Receive(buffer, read, count - read, SocketFlags.None);
            return buffer;
        }

        /// <summary>Sequence ids differ by design (each client counts its own); the rest must be identical.</summary>
        private static void AssertSameMessage(byte[] oracle, byte[] ours)
        {
            Assert.Equal(oracle.Length, ours.Length);
            int nameLength = (oracle[8] << 24) | (oracle[9] << 16) | (oracle[10] << 8) | oracle[11];
            int seq = 12 + nameLength;
            Array.Copy(oracle, seq, ours, seq, 4);
            Assert.Equal(Convert.ToHexString(oracle), Convert.ToHexString(ours));
        }

        private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

        public static IEnumerable<object[]> Calls()
        {
            var predicate = new Ours.SlicePredicate { SliceCount = 16 };
            var named = new Ours.SlicePredicate { ColumnNames = new List<byte[]> { B("node_id"), B("server") } };
            var oPredicate = new Oracle.SlicePredicate { Slice_range = new Oracle.SliceRange(new byte[0], new byte[0], false, 16) };
            var oNamed = new Oracle.SlicePredicate { Column_names = new List<byte[]> { B("node_id"), B("server") } };
            var parent = new Oracle.ColumnParent("SessionIDServerInfo");
            var ks = new Ours.KsDef { Name = "Ors814", StrategyClass = "org.apache.cassandra.locator.NetworkTopologyStrategy", DurableWrites = true };
            ks.StrategyOptions["DC1"] = "2";
            ks.StrategyOptions["DC2"] = "1";
            var oKs = new Oracle.KsDef("Ors814", "org.apache.cassandra.locator.NetworkTopologyStrategy", new List<Oracle.CfDef>())
            { Strategy_options = new Dictionary<string, string> { ["DC1"] = "2", ["DC2"] = "1" }, Durable_writes = true };
            yield return Call("login", c => c.LoginAsync("ors", "pw", None),
                o => o.send_login(new Oracle.AuthenticationRequest(new Dictionary<string, string> { ["username"] = "ors", ["password"] = "pw" }), None));
            yield return Call("set_keyspace", c => c.SetKeyspaceAsync("Orchestration", None), o => o.send_set_keyspace("Orchestration", None));
            yield return Call("describe_version", c => c.DescribeVersionAsync(None), o => o.send_describe_version(None));
            yield return Call("describe_cluster_name", c => c.DescribeClusterNameAsync(None), o => o.send_describe_cluster_name(None));
            yield return Call("describe_partitioner", c => c.DescribePartitionerAsync(None), o => o.send_describe_partitioner(None));
            yield return Call("describe_snitch", c => c.DescribeSnitchAsync(None), o => o.send_describe_snitch(None));
            yield return Call("describe_keyspaces", c => c.DescribeKeyspacesAsync(None), o => o.send_describe_keyspaces(None));
            yield return Call("describe_keyspace", c => c.DescribeKeyspaceAsync("Orchestration", None), o => o.send_describe_keyspace("Orchestration", None));
            yield return Call("describe_ring", c => c.DescribeRingAsync("Orchestration", None), o => o.send_describe_ring("Orchestration", None));
            yield return Call("describe_schema_versions", c => c.DescribeSchemaVersionsAsync(None), o => o.send_describe_schema_versions(None));
            yield return Call("get_range_slices by tokens",
                c => c.GetRangeSlicesAsync("SessionIDServerInfo", named, new Ours.KeyRange { StartToken = "-1", EndToken = "85", Count = 1000 },
                    Ours.ThriftConsistency.One, None),
                o => o.send_get_range_slices(parent, oNamed, new Oracle.KeyRange(1000) { Start_token = "-1", End_token = "85" },
                    Oracle.ConsistencyLevel.ONE, None));
            yield return Call("get_range_slices from a key",
                c => c.GetRangeSlicesAsync("SessionIDServerInfo", predicate, new Ours.KeyRange { StartKey = B("k1"), EndToken = "85", Count = 7 },
                    Ours.ThriftConsistency.Quorum, None),
                o => o.send_get_range_slices(parent, oPredicate, new Oracle.KeyRange(7) { Start_key = B("k1"), End_token = "85" },
                    Oracle.ConsistencyLevel.QUORUM, None));
            yield return Call("get_slice",
                c => c.GetSliceAsync(B("build"), "SessionIDServerInfo", named, Ours.ThriftConsistency.One, None),
                o => o.send_get_slice(B("build"), parent, oNamed, Oracle.ConsistencyLevel.ONE, None));
            yield return Call("multiget_slice",
                c => c.MultigetSliceAsync(new[] { B("a"), B("b") }, "SessionIDServerInfo", predicate, Ours.ThriftConsistency.One, None),
                o => o.send_multiget_slice(new List<byte[]> { B("a"), B("b") }, parent, oPredicate, Oracle.ConsistencyLevel.ONE, None));
            yield return Call("system_add_keyspace", c => c.SystemAddKeyspaceAsync(ks, None), o => o.send_system_add_keyspace(oKs, None));
            yield return Call("execute_cql3_query",
                c => c.ExecuteCql3Async("SELECT release_version FROM system.local", Ours.ThriftConsistency.One, None),
                o => o.send_execute_cql3_query(B("SELECT release_version FROM system.local"), Oracle.Compression.NONE, Oracle.ConsistencyLevel.ONE, None));
        }

        private static object[] Call(string name, Func<Ours.CassandraThriftClient, Task> ours, Func<Oracle.Cassandra.Client, Task> oracle) =>
            new object[] { name, ours, oracle };

        [Theory]
        [MemberData(nameof(Calls))]
        public async Task EveryRequestIsByteForByteApacheThrifts(string call, Func<Ours.CassandraThriftClient, Task> ours,
            Func<Oracle.Cassandra.Client, Task> oracle)
        {
            Assert.NotNull(call);
            AssertSameMessage(await OracleRequest(oracle), await OurRequest(ours));
        }

        /// <summary>An answer as ApacheThrift writes it: the reply message around a result struct.</summary>
        private static async Task<byte[]> OracleReply(string method, Func<TProtocol, Task> writeResult)
        {
            var buffer = new TMemoryBufferTransport(new TConfiguration(), 256);
            var protocol = new TBinaryProtocol(buffer, true, true);
            await protocol.WriteMessageBeginAsync(new TMessage(method, TMessageType.Reply, 7), None);
            await writeResult(protocol);
            await protocol.WriteMessageEndAsync(None);
            return buffer.GetBuffer().Take((int)buffer.Length).ToArray();
        }

        [Fact]
        public async Task ApacheThriftAnswersAreDecodedWithTheirUnknownFieldsSkipped()
        {
            var cf = new Oracle.CfDef("Orchestration", "Session")
            {
                Comparator_type = "UTF8Type", Key_validation_class = "UTF8Type", Default_validation_class = "BytesType",
                Column_metadata = new List<Oracle.ColumnDef> { new Oracle.ColumnDef(B("x"), "UTF8Type") { Index_type = Oracle.IndexType.KEYS } },
                Compaction_strategy_options = new Dictionary<string, string> { ["min_threshold"] = "4" },
                Bloom_filter_fp_chance = 0.01, Gc_grace_seconds = 864000, Read_repair_chance = 0.1,
            };
            var ks = new Oracle.KsDef("Orchestration", "org.apache.cassandra.locator.NetworkTopologyStrategy", new List<Oracle.CfDef> { cf })
            { Strategy_options = new Dictionary<string, string> { ["DC1"] = "2" }, Replication_factor = 3 };
            var bytes = await OracleReply("describe_keyspace", p => new Oracle.Cassandra.InternalStructs.describe_keyspace_result { Success = ks }.WriteAsync(p, None));
            var decoded = Ours.ThriftReply.Read(new Ours.ThriftReader(bytes), "describe_keyspace", 7,
                (r, t) => Ours.CassandraCodec.ReadKsDef(r), new[] { Ours.CassandraFault.NotFound }, "oracle");
            Assert.Equal("2", decoded.StrategyOptions["DC1"]);
            Assert.Equal(3, decoded.ReplicationFactor);
            Assert.Equal("UTF8Type", Assert.Single(decoded.CfDefs).KeyValidationClass);

            var ring = new List<Oracle.TokenRange>
            {
                new Oracle.TokenRange("5", "1", new List<string> { "10.0.0.1" })
                {
                    Rpc_endpoints = new List<string> { "10.1.0.1" },
                    Endpoint_details = new List<Oracle.EndpointDetails> { new Oracle.EndpointDetails { Host = "10.0.0.1", Datacenter = "DC2", Rack = "r1" } },
                },
            };
            bytes = await OracleReply("describe_ring", p => new Oracle.Cassandra.InternalStructs.describe_ring_result { Success = ring }.WriteAsync(p, None));
            var ranges = Ours.ThriftReply.Read(new Ours.ThriftReader(bytes), "describe_ring", 7, (r, t) =>
            {
                var list = new List<Ours.ThriftTokenRange>();
                Ours.CassandraCodec.ReadList(r, list, Ours.TType.Struct, Ours.CassandraCodec.ReadTokenRange);
                return list;
            }, null, "oracle");
            Assert.Equal("DC2", ranges[0].EndpointDetails[0].DataCenter);
            var split = Ours.ThriftRing.Ranges(ranges, Ours.ThriftPartitioner.Murmur3);
            Assert.Equal(2, split.Count);                        // (5, max] and (min, 1]: the wrapping range cut in two
            Assert.Equal("10.1.0.1", split[0].Endpoints[0]);     // rpc_endpoints, not endpoints

            bytes = await OracleReply("get_slice", p => new Oracle.Cassandra.InternalStructs.get_slice_result { Te = new Oracle.TimedOutException { Acknowledged_by = 1 } }
                .WriteAsync(p, None));
            var e = Assert.Throws<Ours.CassandraThriftException>(() => (object)Ours.ThriftReply.Read<List<Ours.ThriftColumn>>(new Ours.ThriftReader(bytes),
                "get_slice", 7, (r, t) => null, new[] { Ours.CassandraFault.InvalidRequest, Ours.CassandraFault.Unavailable, Ours.CassandraFault.TimedOut },
                "oracle"));
            Assert.Equal(Ours.CassandraFault.TimedOut, e.Fault);

            bytes = await OracleReply("login", p => new Oracle.Cassandra.InternalStructs.login_result
                { Authzx = new Oracle.AuthorizationException("no access to Orchestration") }.WriteAsync(p, None));
            var authz = Assert.Throws<Ours.CassandraThriftException>(() => (object)Ours.ThriftReply.Read<bool>(new Ours.ThriftReader(bytes),
                "login", 7, null, new[] { Ours.CassandraFault.Authentication, Ours.CassandraFault.Authorization }, "oracle"));
            Assert.Equal("OrsMigration.CassandraAuthorizationFailed", authz.ErrorId);
            Assert.Contains("no access to Orchestration", authz.Message);

            bytes = await OracleReply("describe_keyspace", p => new Oracle.Cassandra.InternalStructs.describe_keyspace_result
                { Nfe = new Oracle.NotFoundException() }.WriteAsync(p, None));
            var nfe = Assert.Throws<Ours.CassandraThriftException>(() => (object)Ours.ThriftReply.Read<Ours.KsDef>(new Ours.ThriftReader(bytes),
                "describe_keyspace", 7, (r, t) => null, new[] { Ours.CassandraFault.NotFound, Ours.CassandraFault.InvalidRequest }, "oracle"));
            Assert.Equal("OrsMigration.CassandraNotFound", nfe.ErrorId);
        }

        [Fact]
        public async Task ApacheThriftsOwnClientTalksToTheStandIn()
        {
            using (var s = new ThriftStandIn(3, "1.1.12", ThriftStandIn.Random, ThriftStandIn.Sessions(50)))
            {
                var socket = new TSocketTransport(IPAddress.Parse(s.Hosts[1]), s.Port, new TConfiguration(), 5000);
                var client = new Oracle.Cassandra.Client(new TBinaryProtocol(new TFramedTransport(socket), true, true));
                await client.OpenTransportAsync(None);
                Assert.Equal("19.33.0", await client.describe_version(None));
                Assert.Equal(3, (await client.describe_ring("Orchestration", None)).Count);
                await client.set_keyspace("Orchestration", None);
                var rows = await client.get_range_slices(new Oracle.ColumnParent("SessionIDServerInfo"),
                    new Oracle.SlicePredicate { Slice_range = new Oracle.SliceRange(new byte[0], new byte[0], false, 10) },
                    new Oracle.KeyRange(100) { Start_token = "-1", End_token = "170141183460469231731687303715884105728" },
                    Oracle.ConsistencyLevel.ONE, None);
                Assert.Equal(50, rows.Count);
            }
        }
    }
}
#endif
