using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Cql;
using OrsMigration.Thrift;

namespace OrsMigration.Persistence
{
    public sealed class CassandraConnectOptions
    {
        public const int ThriftPort = 9160;
        public const int CqlPort = 9042;

        public CassandraProtocol Protocol { get; set; } = CassandraProtocol.Auto;
        /// <summary>One port for every node; by default 9160 for Thrift and 9042 for CQL.</summary>
        public int? Port { get; set; }
        public NetworkCredential Credential { get; set; }
        public bool UseTls { get; set; }
        public bool SkipCertificateCheck { get; set; }
        /// <summary>A CA (or self-signed node certificate) trusted for TLS besides the system's.</summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2 CertificateAuthority { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>
        /// The largest answer accepted, checked before anything is allocated; by default each protocol's.
        /// </summary>
        public int? MaxFrameBytes { get; set; }
    }

    /// <summary>
    /// Opens the cluster over the protocol asked for. Auto tries Thrift first (a framed
    /// describe_version on 9160, ORS's own path on every version it supports), then CQL on 9042;
    /// it never sends CQL to the Thrift port. When neither answers, the error names the hosts and
    /// ports tried and what to enable.
    /// </summary>
    public static class CassandraConnector
    {
        public static async Task<ICassandraCluster> ConnectAsync(IReadOnlyList<string> contactPoints,
            CassandraConnectOptions options,
            string keyspace, CancellationToken cancel)
        {
            var (hosts, port) = Split(contactPoints, options.Port);
            switch (options.Protocol)
            {
                case CassandraProtocol.Thrift: return await ThriftAsync(hosts, port
                    ?? CassandraConnectOptions.ThriftPort, options, keyspace, cancel).ConfigureAwait(false);
                case CassandraProtocol.Cql: return await CqlAsync(hosts, port ?? CassandraConnectOptions.CqlPort,
                    options, cancel).ConfigureAwait(false);
            }
            int thriftPort = port ?? CassandraConnectOptions.ThriftPort, cqlPort = port
                ?? CassandraConnectOptions.CqlPort;
            ThriftException thriftFailure;
            try { return await ThriftAsync(hosts, thriftPort, options, keyspace, cancel).ConfigureAwait(false); }
            catch (ThriftException e) when (!(e is CassandraThriftException))
            {
                // Something that is not Thrift answered on the port: CQL is not tried on the same port.
                if (cqlPort == thriftPort && !(e is ThriftConnectionException)) throw;
                thriftFailure = e;
            }
            try { return await CqlAsync(hosts, cqlPort, options, cancel).ConfigureAwait(false); }
            catch (CqlConnectionException cqlFailure)
            {
                string tried = string.Join(", ", hosts);
                throw new OrsException("CassandraUnreachable", OrsErrorKind.ReadError,
                    $"No Cassandra answered on {tried}: not on Thrift (port {thriftPort}: {thriftFailure.Message}) " +
                    $"and not on CQL (port {cqlPort}: {cqlFailure.Message}). ORS needs Thrift: set start_rpc: true " +
                    "in cassandra.yaml (off by default from Cassandra 2.2) and open the port; for CQL set " +
                    "start_native_transport: true. Check -ContactPoint and -Port.", tried, cqlFailure);
            }
        }

        private static async Task<ICassandraCluster> ThriftAsync(IReadOnlyList<string> hosts, int port,
            CassandraConnectOptions o, string keyspace,
            CancellationToken cancel)
        {
            if (o.UseTls)
                throw new OrsException("ThriftTlsNotSupported", OrsErrorKind.InvalidArgument,
                    "-UseTls applies to CQL; the module's Thrift client speaks plain TCP, as ORS's gcassandralib " +
                    "does. Use -Protocol Cql for TLS.", null);
            var options = new ThriftConnectOptions
            {
                Port = port, Credential = o.Credential, RequestTimeout = o.Timeout,
                ConnectTimeout = o.Timeout < TimeSpan.FromSeconds(5) ? o.Timeout : TimeSpan.FromSeconds(5),
                MaxFrameBytes = o.MaxFrameBytes ?? ThriftConnectOptions.DefaultMaxFrameBytes,
            };
            return await ThriftCluster.ConnectAsync(hosts, options, keyspace, cancel).ConfigureAwait(false);
        }

        private static async Task<ICassandraCluster> CqlAsync(IReadOnlyList<string> hosts, int port,
            CassandraConnectOptions o, CancellationToken cancel)
        {
            var options = new CqlConnectOptions
            {
                Port = port, UseTls = o.UseTls || o.SkipCertificateCheck, SkipCertificateCheck = o.SkipCertificateCheck,
                RequestTimeout = o.Timeout, Credential = o.Credential, CertificateAuthority = o.CertificateAuthority,
                MaxFrameBytes = o.MaxFrameBytes ?? CqlConnectOptions.DefaultMaxFrameBytes,
            };
            return new CqlCluster(await CqlSession.ConnectAsync(hosts, options, cancel).ConfigureAwait(false));
        }

        /// <summary>
        /// Contact points may carry a port (host:port); every node listens on one port, as Cassandra's rpc_port.
        /// </summary>
        private static (IReadOnlyList<string> Hosts, int? Port) Split(IReadOnlyList<string> contactPoints, int? port)
        {
            var hosts = new List<string>();
            foreach (var cp in contactPoints)
            {
                int colon = cp.LastIndexOf(':');
                bool hasPort = colon > 0 && cp.IndexOf(':') == colon && int.TryParse(cp.Substring(colon + 1), out _);
                hosts.Add(hasPort ? cp.Substring(0, colon) : cp);
                if (hasPort && port == null) port = int.Parse(cp.Substring(colon + 1),
                    System.Globalization.CultureInfo.InvariantCulture);
            }
            return (hosts, port);
        }
    }
}
