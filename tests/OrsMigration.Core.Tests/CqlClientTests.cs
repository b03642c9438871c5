using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OrsMigration.Cql;
using Xunit;

namespace OrsMigration.Tests
{
    public class CqlClientTests
    {
        private static readonly NetworkCredential Cassandra = new NetworkCredential("cassandra", "cassandra");
        private static JObject Ors(int sessions, params JProperty[] more) =>
            new JObject(new JProperty("ors", new JObject { ["keyspace"] = "Orchestration", ["sessions"] = sessions, ["node_ids"] = new JArray(240, 242, 244) }), more);

        private static Task<CqlSession> Connect(CqlTestServer server, CqlConnectOptions options = null) =>
            CqlSession.ConnectAsync(new[] { server.ContactPoint }, options ?? new CqlConnectOptions());

        [Fact]
        public async Task DiscoversTheRingFromPeersV2()
        {
            using (var server = new CqlTestServer())
            using (var session = await Connect(server))
            {
                Assert.Equal(4, session.ProtocolVersion);
                Assert.Equal(new[] { "3/v3", "4/v4" }, session.Supported["PROTOCOL_VERSIONS"]);
                Assert.Equal(3, session.Hosts.Count);
                Assert.Equal(new[] { "DC1", "DC1", "DC2" }, session.Hosts.OrderBy(h => h.EndPoint.Port == server.Ports[0] ? 0 : h.EndPoint.Port == server.Ports[1] ? 1 : 2).Select(h => h.DataCenter));
                Assert.All(session.Hosts, h => Assert.Equal(4, h.Tokens.Count));
                Assert.Equal("org.apache.cassandra.dht.Murmur3Partitioner", session.Partitioner);
                var expected = server.Ready["nodes"].SelectMany(n => n["tokens"]).Select(t => long.Parse((string)t)).OrderBy(t => t);
                Assert.Equal(expected, session.Hosts.SelectMany(h => h.Tokens).OrderBy(t => t));
            }
        }

        [Fact]
        public async Task FallsBackToSystemPeersOnCassandra3()
        {
            using (var server = new CqlTestServer(peersV2: false))
            using (var session = await Connect(server))
            {
                Assert.Equal(new[] { "127.0.0.1", "127.0.0.2", "127.0.0.3" }, session.Hosts.Select(h => h.EndPoint.Address.ToString()).OrderBy(a => a));
                var rows = await session.QueryAsync("SELECT release_version FROM system.local", null, new CqlQueryOptions { Host = session.Hosts.Last() });
                Assert.Equal("3.11.4", rows.Rows[0].Get<string>("release_version"));
            }
        }

        [Fact]
        public async Task FallsBackToProtocolV3WhenV4IsRefused()
        {
            using (var server = new CqlTestServer(1, new JObject { ["protocol_versions"] = new JArray(3) }))
            using (var session = await Connect(server))
                Assert.Equal(3, session.ProtocolVersion);
        }

        [Fact]
        public async Task LogsInWithPasswordAuthenticatorAndRefusesBadCredentials()
        {
            var creds = new JObject { ["credentials"] = new JObject { ["user"] = "cassandra", ["password"] = "cassandra" } };
            using (var server = new CqlTestServer(1, creds))
            {
                using (var session = await Connect(server, new CqlConnectOptions { Credential = Cassandra }))
                    Assert.Single(session.Hosts);
                var bad = await Assert.ThrowsAsync<CqlAuthenticationException>(() => Connect(server, new CqlConnectOptions { Credential = new NetworkCredential("cassandra", "wrong") }));
                Assert.Equal(0x0100, bad.Code);
                Assert.DoesNotContain("wrong", bad.Message);
                var none = await Assert.ThrowsAsync<CqlAuthenticationException>(() => Connect(server));
                Assert.Contains("-Credential", none.Message);
            }
        }

        [Fact]
        public async Task PagesThroughEveryRowWithPreparedStatements()
        {
            using (var server = new CqlTestServer(3, Ors(700)))
            using (var session = await Connect(server))
            {
                const string cql = "SELECT key, column1, value FROM \"Orchestration\".\"SessionIDServerInfo\" WHERE token(key) > ? AND token(key) <= ?";
                var options = new CqlQueryOptions { PageSize = 97 };
                int rows = 0, pages = 0;
                var keys = new HashSet<string>();
                byte[] state = null;
                do
                {
                    var page = await session.ExecuteAsync(cql, new object[] { long.MinValue, long.MaxValue }, options.With(state, null));
                    rows += page.Rows.Count;
                    pages++;
                    foreach (var r in page.Rows) keys.Add(r.Get<string>("key"));
                    state = page.PagingState;
                } while (state != null);
                Assert.Equal(1400, rows);
                Assert.Equal(700, keys.Count);
                Assert.Equal(15, pages);
            }
        }

        [Fact]
        public async Task MapsServerErrorsToTypedExceptionsWithTheServersMessage()
        {
            var faults = new JObject { ["faults"] = new JArray(
                new JObject { ["match"] = "unavailable_probe", ["error"] = 0x1000, ["message"] = "Cannot achieve consistency level LOCAL_QUORUM" },
                new JObject { ["match"] = "readtimeout_probe", ["error"] = 0x1200, ["message"] = "Operation timed out - received only 1 responses." },
                new JObject { ["match"] = "unauthorized_probe", ["error"] = 0x2100, ["message"] = "User x has no SELECT permission" },
                new JObject { ["match"] = "overloaded_probe", ["error"] = 0x1001, ["message"] = "Too many in flight" }) };
            using (var server = new CqlTestServer(1, faults))
            using (var session = await Connect(server))
            {
                var once = new CqlQueryOptions { Idempotent = false };
                var u = await Assert.ThrowsAsync<CqlUnavailableException>(() => session.QueryAsync("SELECT unavailable_probe FROM system.local", null, once));
                Assert.Equal((CqlConsistency.LocalQuorum, 3, 1), (u.Consistency, u.Required, u.Alive));
                Assert.Contains("LOCAL_QUORUM", u.Message);
                var rt = await Assert.ThrowsAsync<CqlReadTimeoutException>(() => session.QueryAsync("SELECT readtimeout_probe FROM system.local", null, once));
                Assert.Equal((1, 2, false), (rt.Received, rt.BlockFor, rt.DataPresent));
                var ua = await Assert.ThrowsAsync<CqlServerError>(() => session.QueryAsync("SELECT unauthorized_probe FROM system.local", null, once));
                Assert.Equal(("OrsMigration.CqlUnauthorized", 0x2100), (ua.ErrorId, ua.Code));
                var ov = await Assert.ThrowsAsync<CqlServerError>(() => session.QueryAsync("SELECT overloaded_probe FROM system.local", null, once));
                Assert.Equal("OrsMigration.CqlOverloaded", ov.ErrorId);
                var syntax = await Assert.ThrowsAsync<CqlServerError>(() => session.QueryAsync("SELEC nonsense", null, once));
                Assert.Equal(0x2000, syntax.Code);
                var invalid = await Assert.ThrowsAsync<CqlServerError>(() => session.QueryAsync("SELECT * FROM nowhere.nothing", null, once));
                Assert.Equal(0x2200, invalid.Code);
                Assert.Contains("unconfigured table", invalid.Message);
            }
        }

        [Fact]
        public async Task RetriesAnIdempotentReadOnAnotherNodeWhenOneIsOverloaded()
        {
            var faults = new JObject { ["faults"] = new JArray(new JObject { ["match"] = "cluster_name", ["node"] = 0, ["error"] = 0x1001, ["message"] = "busy" }) };
            using (var server = new CqlTestServer(3, faults))
            using (var session = await Connect(server))
            {
                var rows = await session.QueryAsync("SELECT cluster_name FROM system.local", null, new CqlQueryOptions { Host = session.ControlHost });
                Assert.Equal("Test Cluster", rows.Rows[0].Get<string>("cluster_name"));
            }
        }

        [Fact]
        public async Task AStalledNodeTimesOutAndTheConnectionStaysUsable()
        {
            var faults = new JObject { ["faults"] = new JArray(new JObject { ["match"] = "stall_probe", ["stall_ms"] = 3000, ["times"] = 1 }) };
            using (var server = new CqlTestServer(1, faults))
            using (var session = await Connect(server, new CqlConnectOptions { RequestTimeout = TimeSpan.FromMilliseconds(400), ConnectionsPerHost = 1 }))
            {
                await Assert.ThrowsAsync<CqlTimeoutException>(() => session.QueryAsync("SELECT stall_probe FROM system.local", null, new CqlQueryOptions { Idempotent = false }));
                var rows = await session.QueryAsync("SELECT release_version FROM system.local");
                Assert.Equal("3.11.4", rows.Rows[0].Get<string>("release_version"));
            }
        }

        [Fact]
        public async Task TlsIsRefusedForAnUntrustedCertificateUnlessTheCheckIsSkipped()
        {
            string folder = TestPaths.NewTempDir();
            var (cert, key) = CqlTestServer.MakeCertificate(folder);
            using (var server = new CqlTestServer(1, new JObject { ["tls"] = new JObject { ["cert"] = cert, ["key"] = key } }))
            {
                var e = await Assert.ThrowsAsync<CqlConnectionException>(() => Connect(server, new CqlConnectOptions { UseTls = true }));
                Assert.Contains("-SkipCertificateCheck", e.Message);
                using (var session = await Connect(server, new CqlConnectOptions { UseTls = true, SkipCertificateCheck = true }))
                    Assert.Single(session.Hosts);
            }
        }

        [Fact]
        public async Task TlsChecksTheCertificateAgainstTheHostNameGivenNotTheAddressItResolvedTo()
        {
            string folder = TestPaths.NewTempDir();
            var (cert, key) = CqlTestServer.MakeCertificate(folder, "DNS:localhost");   // no IP in it
            var authority = new System.Security.Cryptography.X509Certificates.X509Certificate2(cert);
            using (var server = new CqlTestServer(1, new JObject { ["tls"] = new JObject { ["cert"] = cert, ["key"] = key } }))
            {
                var options = new CqlConnectOptions { UseTls = true, CertificateAuthority = authority };
                string port = server.ContactPoint.Substring(server.ContactPoint.LastIndexOf(':'));
                using (var session = await CqlSession.ConnectAsync(new[] { "localhost" + port }, options))
                {
                    Assert.Equal("localhost", session.ControlHost.TlsName);
                    var rows = await session.QueryAsync("SELECT release_version FROM system.local");
                    Assert.Single(rows.Rows);
                }
                var e = await Assert.ThrowsAsync<CqlConnectionException>(() =>
                    CqlSession.ConnectAsync(new[] { "127.0.0.1" + port }, options));
                Assert.Contains("not issued for that name", e.Message);
            }
        }

        [Fact]
        public async Task ACertificateAuthorityGivenIsTrustedOnlyForCertificatesItIssued()
        {
            string folder = TestPaths.NewTempDir();
            var (cert, key) = CqlTestServer.MakeCertificate(folder);
            var (other, _) = CqlTestServer.MakeCertificate(TestPaths.NewTempDir());
            using (var server = new CqlTestServer(1, new JObject { ["tls"] = new JObject { ["cert"] = cert, ["key"] = key } }))
            {
                var stranger = new System.Security.Cryptography.X509Certificates.X509Certificate2(other);
                var e = await Assert.ThrowsAsync<CqlConnectionException>(() => Connect(server,
                    new CqlConnectOptions { UseTls = true, CertificateAuthority = stranger }));
                Assert.Contains("does not chain to the CA given", e.Message);
            }
        }

        [Theory]
        [InlineData(".NET Framework 4.8.9232.0", false)]
        [InlineData(".NET 10.0.1", true)]
        public void TlsOffersVersion1_2AndLaterOnEveryRuntime(string runtime, bool offers13)
        {
            var protocols = Util.TlsPolicy.ProtocolsFor(runtime);
            Assert.True((protocols & System.Security.Authentication.SslProtocols.Tls12) != 0);
            Assert.Equal(offers13, ((int)protocols & 12288) != 0);
            Assert.Equal(0, (int)protocols & (192 | 768));        // never TLS 1.0 or 1.1
            var old = System.Net.SecurityProtocolType.Tls;          // Windows PowerShell 5.1's default can be this
            Assert.True((Util.TlsPolicy.WithTls12(old) & (System.Net.SecurityProtocolType)3072) != 0);
            Assert.Equal((System.Net.SecurityProtocolType)0, Util.TlsPolicy.WithTls12(0));   // system default kept
        }

        [Fact]
        public async Task CreatesAKeyspaceAndWaitsForSchemaAgreement()
        {
            using (var server = new CqlTestServer(3))
            using (var session = await Connect(server))
            {
                var change = await session.ExecuteNonQueryAsync("CREATE KEYSPACE \"Ors814\" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '2'}");
                Assert.Equal(("CREATED", "KEYSPACE", "Ors814"), (change.ChangeType, change.Target, change.Keyspace));
                Assert.True(await session.WaitForSchemaAgreementAsync(TimeSpan.FromSeconds(5)));
                var ks = await session.QueryAsync("SELECT keyspace_name, replication FROM system_schema.keyspaces WHERE keyspace_name = ?", new object[] { "Ors814" });
                var replication = (Dictionary<object, object>)ks.Rows.Single()["replication"];
                Assert.Equal("2", replication["replication_factor"]);
                await Assert.ThrowsAsync<CqlAlreadyExistsException>(() => session.ExecuteNonQueryAsync("CREATE KEYSPACE \"Ors814\" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '2'}"));
            }
        }
    }
}
