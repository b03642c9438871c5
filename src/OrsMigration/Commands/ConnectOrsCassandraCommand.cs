using System.Management.Automation;
using System.Net;
using OrsMigration.Cql;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>Connects to the Cassandra cluster ORS persists sessions to, and makes it the current session.</summary>
    [Cmdlet(VerbsCommunications.Connect, "OrsCassandra")]
    [OutputType(typeof(OrsCassandraSession))]
    public sealed class ConnectOrsCassandraCommand : OrsCmdletBase
    {
        /// <summary>One or more nodes: host names or addresses, optionally host:port.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] ContactPoint { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 9042;

        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter]
        public SwitchParameter UseTls { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

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

        protected override void ProcessRecord()
        {
            var options = new CqlConnectOptions
            {
                Port = Port,
                UseTls = UseTls || SkipCertificateCheck,
                SkipCertificateCheck = SkipCertificateCheck,
                RequestTimeout = System.TimeSpan.FromSeconds(TimeoutSeconds),
                // The password is turned into a NetworkCredential here and goes nowhere but the wire.
                Credential = Credential == null ? null : new NetworkCredential(Credential.UserName, Credential.Password),
            };
            OrsCassandraSession session;
            try
            {
                var schema = SchemaProfile == null ? null : OrsSessionSchema.Load(GetUnresolvedProviderPathFromPSPath(SchemaProfile));
                session = Await(OrsCassandraSession.ConnectAsync(ContactPoint, options, Keyspace, schema, CancelToken));
            }
            catch (OrsException e) { ThrowOrs(e); return; }
            ConnectionRegistry.CurrentSessions = session;
            WriteVerbose($"Connected to {session.ClusterName}: {session.Hosts.Count} nodes, protocol v{session.ProtocolVersion}.");
            WriteObject(session);
        }
    }
}
