using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Cql;

namespace OrsMigration.Persistence
{
    /// <summary>Where the session cmdlets read persisted sessions: Cassandra, or a lab's own store.</summary>
    public abstract class OrsSessionSource : IDisposable
    {
        public Guid Id { get; } = Guid.NewGuid();
        public abstract ISessionStore SessionStore { get; }
        public bool IsOpen { get; protected set; } = true;
        public virtual void Dispose() => IsOpen = false;
    }

    /// <summary>
    /// A connection to the Cassandra cluster ORS persists to, as Connect-OrsCassandra returns it:
    /// the CQL session, the keyspace, and the session store over it. Credentials are not kept
    /// anywhere this object shows.
    /// </summary>
    public sealed class OrsCassandraSession : OrsSessionSource
    {
        private OrsCassandraSession(CqlSession cql, string keyspace, OrsSessionSchema schema, IReadOnlyList<string> contactPoints)
        {
            Cql = cql;
            Keyspace = keyspace;
            Schema = schema;
            ContactPoints = contactPoints;
            Store = new CassandraSessionStore(cql, keyspace, schema);
        }

        public IReadOnlyList<string> ContactPoints { get; }
        public string Keyspace { get; }
        public string ClusterName => Cql.ClusterName;
        public int ProtocolVersion => Cql.ProtocolVersion;
        public IReadOnlyList<CqlHost> Hosts => Cql.Hosts;
        public OrsSessionSchema Schema { get; }
        public CqlSession Cql { get; }
        public CassandraSessionStore Store { get; }
        public override ISessionStore SessionStore => Store;

        public static async Task<OrsCassandraSession> ConnectAsync(IReadOnlyList<string> contactPoints, CqlConnectOptions options, string keyspace, OrsSessionSchema schema, CancellationToken cancel)
        {
            OrsSessionSchema.Quote(keyspace);
            (schema ?? new OrsSessionSchema()).Validate();
            var cql = await CqlSession.ConnectAsync(contactPoints, options, cancel).ConfigureAwait(false);
            return new OrsCassandraSession(cql, keyspace, schema ?? new OrsSessionSchema(), contactPoints.ToList());
        }

        public override void Dispose()
        {
            base.Dispose();
            Cql.Dispose();
        }

        public override string ToString() => $"{ClusterName} ({Hosts.Count} nodes, keyspace {Keyspace})";
    }
}
