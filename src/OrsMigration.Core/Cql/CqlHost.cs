using System;
using System.Collections.Generic;
using System.Net;

namespace OrsMigration.Cql
{
    /// <summary>A node of the ring as system.local / system.peers describe it.</summary>
    public sealed class CqlHost
    {
        public IPEndPoint EndPoint { get; internal set; }
        /// <summary>
        /// The name its TLS certificate is checked against: the contact point's host name when it was given
        /// by name, else the address (Cassandra knows its peers by address only).
        /// </summary>
        public string TlsName { get; internal set; }
        public string DataCenter { get; internal set; }
        public string Rack { get; internal set; }
        public string ReleaseVersion { get; internal set; }
        public Guid HostId { get; internal set; }
        public Guid SchemaVersion { get; internal set; }
        public List<long> Tokens { get; internal set; } = new List<long>();
        /// <summary>False after a connection to it failed, until it answers again.</summary>
        public bool IsUp { get; internal set; } = true;
        public override string ToString() => EndPoint.ToString();
    }

    /// <summary>Per-request settings.</summary>
    public sealed class CqlQueryOptions
    {
        public CqlConsistency Consistency { get; set; } = CqlConsistency.LocalOne;
        public int PageSize { get; set; } = 5000;
        public byte[] PagingState { get; set; }
        public TimeSpan? Timeout { get; set; }
        /// <summary>The node to ask first (token-aware routing); any node when null.</summary>
        public CqlHost Host { get; set; }
        /// <summary>Reads are idempotent and may be retried on another node; DDL is sent once.</summary>
        public bool Idempotent { get; set; } = true;

        public CqlQueryOptions With(byte[] pagingState, CqlHost host) => new CqlQueryOptions
        {
            Consistency = Consistency, PageSize = PageSize, PagingState = pagingState, Timeout = Timeout, Host = host, Idempotent = Idempotent,
        };
    }
}
