using System;
using System.Collections.Generic;
using System.Linq;

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
    /// the protocol it speaks (Thrift or CQL), the nodes and their release, the keyspace, and the
    /// session store over it. Credentials are not kept anywhere this object shows.
    /// </summary>
    public sealed class OrsCassandraSession : OrsSessionSource
    {
        public OrsCassandraSession(ICassandraCluster cluster, string keyspace, OrsSessionSchema schema,
            IReadOnlyList<string> contactPoints)
        {
            OrsSessionSchema.Quote(keyspace);
            Cluster = cluster;
            Keyspace = keyspace;
            Schema = schema ?? new OrsSessionSchema();
            Schema.Validate();
            ContactPoints = contactPoints;
            Store = cluster.SessionStore(keyspace, Schema);
        }

        public ICassandraCluster Cluster { get; }
        public CassandraProtocol Protocol => Cluster.Protocol;
        public string ProtocolVersion => Cluster.ProtocolVersion;
        public string ClusterName => Cluster.ClusterName;
        public IReadOnlyList<CassandraNode> Hosts => Cluster.Nodes;
        /// <summary>The release of the first node (all nodes should run one; Test-OrsCassandra checks).</summary>
        public string ReleaseVersion => Hosts.Select(h => h.ReleaseVersion).FirstOrDefault(v => v != null);
        public IReadOnlyList<string> ContactPoints { get; }
        public string Keyspace { get; }
        public OrsSessionSchema Schema { get; }
        public ISessionStore Store { get; }
        public override ISessionStore SessionStore => Store;

        public override void Dispose()
        {
            base.Dispose();
            Cluster.Dispose();
        }

        public override string ToString() => $"{ClusterName} ({Hosts.Count} nodes, {Protocol}, keyspace {Keyspace})";
    }
}
