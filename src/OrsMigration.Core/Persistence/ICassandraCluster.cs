using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Persistence
{
    /// <summary>
    /// How the module reaches Cassandra: Thrift (ORS's own path, every version ORS supports) or CQL (1.2.5+).
    /// </summary>
    public enum CassandraProtocol
    {
        /// <summary>Thrift first (a framed describe_version on 9160), then CQL on 9042.</summary>
        Auto,
        Thrift,
        Cql,
    }

    /// <summary>A node of the cluster as the module sees it.</summary>
    public sealed class CassandraNode
    {
        public string Address { get; set; }
        public int Port { get; set; }
        public string DataCenter { get; set; }
        public string Rack { get; set; }
        /// <summary>The release the node reports (e.g. 1.1.12); null when it could not be read.</summary>
        public string ReleaseVersion { get; set; }
        public override string ToString() => Address + ":" + Port;
    }

    /// <summary>
    /// What the Cassandra cmdlets need of the cluster, whatever the protocol: its nodes and their
    /// releases, a keyspace's replication, creating a keyspace and waiting for schema agreement,
    /// whether a node answers, and ORS's persisted sessions.
    /// </summary>
    public interface ICassandraCluster : IDisposable
    {
        CassandraProtocol Protocol { get; }
        /// <summary>The protocol's version: CQL's native protocol version, or Thrift's interface version.</summary>
        string ProtocolVersion { get; }
        string ClusterName { get; }
        IReadOnlyList<CassandraNode> Nodes { get; }

        /// <summary>The keyspace's replication, or null when it does not exist.</summary>
        Task<KeyspaceReplication> ReadReplicationAsync(string keyspace, CancellationToken cancel);

        /// <summary>Creates the keyspace; returns a description of what was sent (for -Verbose).</summary>
        Task<string> CreateKeyspaceAsync(string keyspace, KeyspaceReplication replication, CancellationToken cancel);

        Task<bool> WaitForSchemaAgreementAsync(TimeSpan timeout, CancellationToken cancel);

        /// <summary>Null when the node answers on this protocol; otherwise why not.</summary>
        Task<string> ProbeAsync(CassandraNode node, CancellationToken cancel);

        ISessionStore SessionStore(string keyspace, OrsSessionSchema schema);
    }
}
