using System.Management.Automation;
using System.Net;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>Connects to the Cassandra cluster ORS persists sessions to, and makes it the current session.</summary>
    [Cmdlet(VerbsCommunications.Connect, "OrsCassandra",
        HelpUri = ProjectInfo.HelpBase + "Connect-OrsCassandra.md")]
    [OutputType(typeof(OrsCassandraSession))]
    public sealed class ConnectOrsCassandraCommand : OrsCmdletBase
    {
        /// <summary>One or more nodes: host names or addresses, optionally host:port.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] ContactPoint { get; set; }

        /// <summary>Auto (default): Thrift on 9160 first, ORS's own path, then CQL on 9042.</summary>
        [Parameter]
        public CassandraProtocol Protocol { get; set; } = CassandraProtocol.Auto;

        /// <summary>The port of every node; by default 9160 for Thrift and 9042 for CQL.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter]
        public SwitchParameter UseTls { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>
        /// A CA certificate file (PEM or DER) trusted for the nodes' TLS certificates besides the machine's
        /// store; the name connected to is still checked. Implies -UseTls.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string CertificateAuthority { get; set; }

        /// <summary>The keyspace ORS persists to (cassandra-keyspace-name); default Orchestration.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Keyspace { get; set; } = "Orchestration";

        /// <summary>A JSON file overriding the session schema profile (table and column names).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string SchemaProfile { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int TimeoutSeconds { get; set; } = 20;

        /// <summary>
        /// The largest answer accepted, in MiB (Thrift default 15, Cassandra's own limit; CQL default 64).
        /// </summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int MaxFrameMB { get; set; }

        private System.Security.Cryptography.X509Certificates.X509Certificate2 LoadAuthority()
        {
            if (CertificateAuthority == null) return null;
            string path = GetUnresolvedProviderPathFromPSPath(CertificateAuthority);
            try { return new System.Security.Cryptography.X509Certificates.X509Certificate2(path); }
            catch (System.Exception e) when (e is System.Security.Cryptography.CryptographicException
                                             || e is System.IO.IOException)
            {
                ThrowOrs("CertificateAuthorityInvalid", OrsErrorKind.InvalidArgument, $"'{path}' is not a " +
                    $"certificate file this machine can read (PEM or DER): {e.Message}", path);
                return null;
            }
        }

        protected override void ProcessRecord()
        {
            var options = new CassandraConnectOptions
            {
                Protocol = Protocol,
                Port = Port > 0 ? Port : (int?)null,
                UseTls = UseTls || SkipCertificateCheck || CertificateAuthority != null,
                SkipCertificateCheck = SkipCertificateCheck,
                CertificateAuthority = LoadAuthority(),
                Timeout = System.TimeSpan.FromSeconds(TimeoutSeconds),
                MaxFrameBytes = MaxFrameMB > 0 ? MaxFrameMB * 1024 * 1024 : (int?)null,
                // The password is turned into a NetworkCredential here and goes nowhere but the wire.
                Credential = Credential == null ? null : new NetworkCredential(Credential.UserName, Credential.Password),
            };
            OrsCassandraSession session;
            try
            {
                var schema = SchemaProfile == null ? null : OrsSessionSchema.Load(GetUnresolvedProviderPathFromPSPath(SchemaProfile));
                OrsSessionSchema.Quote(Keyspace);
                var cluster = Await(CassandraConnector.ConnectAsync(ContactPoint, options, Keyspace, CancelToken));
                session = new OrsCassandraSession(cluster, Keyspace, schema, ContactPoint);
            }
            catch (OrsException e) { ThrowOrs(e); return; }
            ConnectionRegistry.CurrentSessions = session;
            WriteVerbose($"Connected to {session.ClusterName} over {session.Protocol} {session.ProtocolVersion}: " +
                $"{session.Hosts.Count} nodes, " +
                         $"Cassandra {session.ReleaseVersion}.");
            WriteObject(session);
        }
    }
}
