using System.Collections.Generic;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// Cassandra's consistency levels as cassandra.thrift numbers them (LOCAL_ONE, 11, only from 1.2).
    /// </summary>
    public enum ThriftConsistency
    {
        One = 1,
        Quorum = 2,
        LocalQuorum = 3,
        All = 5,
        LocalOne = 11,
    }

    public sealed class ThriftColumn
    {
        public byte[] Name { get; set; }
        public byte[] Value { get; set; }
        public long? Timestamp { get; set; }
        public int? Ttl { get; set; }
    }

    /// <summary>A row of get_range_slices: its key and the columns asked for.</summary>
    public sealed class KeySlice
    {
        public byte[] Key { get; set; }
        public List<ThriftColumn> Columns { get; } = new List<ThriftColumn>();
    }

    public sealed class EndpointDetails
    {
        public string Host { get; set; }
        public string DataCenter { get; set; }
        public string Rack { get; set; }
    }

    /// <summary>One range of describe_ring: (StartToken, EndToken] and who holds it.</summary>
    public sealed class ThriftTokenRange
    {
        public string StartToken { get; set; }
        public string EndToken { get; set; }
        public List<string> Endpoints { get; } = new List<string>();
        /// <summary>The addresses clients connect to (multi-DC rings: not Endpoints).</summary>
        public List<string> RpcEndpoints { get; } = new List<string>();
        public List<EndpointDetails> EndpointDetails { get; } = new List<EndpointDetails>();
    }

    public sealed class CfDef
    {
        public string Keyspace { get; set; }
        public string Name { get; set; }
        public string ColumnType { get; set; }
        public string ComparatorType { get; set; }
        public string DefaultValidationClass { get; set; }
        public string KeyValidationClass { get; set; }
    }

    public sealed class KsDef
    {
        public string Name { get; set; }
        public string StrategyClass { get; set; }
        public Dictionary<string, string> StrategyOptions { get; } = new Dictionary<string, string>();
        public int? ReplicationFactor { get; set; }
        public List<CfDef> CfDefs { get; } = new List<CfDef>();
        public bool? DurableWrites { get; set; }
    }

    /// <summary>A key range of get_range_slices: by tokens, or from a key to a token (1.1's rule).</summary>
    public sealed class KeyRange
    {
        public byte[] StartKey { get; set; }
        public string StartToken { get; set; }
        public string EndToken { get; set; }
        public int Count { get; set; } = 100;
    }

    /// <summary>What get_slice and get_range_slices return of a row: named columns, or a slice of them.</summary>
    public sealed class SlicePredicate
    {
        public List<byte[]> ColumnNames { get; set; }
        public byte[] SliceStart { get; set; } = new byte[0];
        public byte[] SliceFinish { get; set; } = new byte[0];
        public int SliceCount { get; set; } = 100;
    }
}
