using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// The partitioners ORS's Cassandra runs: RandomPartitioner (the default up to 1.1) and Murmur3Partitioner.
    /// </summary>
    public enum ThriftPartitioner { Random, Murmur3 }

    /// <summary>A token range (Start, End] that does not wrap, with the nodes clients may ask for it.</summary>
    public sealed class ThriftRange
    {
        public ThriftRange(BigInteger start, BigInteger end, IReadOnlyList<string> endpoints, string dataCenter)
        {
            Start = start;
            End = end;
            Endpoints = endpoints;
            DataCenter = dataCenter;
        }

        public BigInteger Start { get; }
        public BigInteger End { get; }
        public IReadOnlyList<string> Endpoints { get; }
        public string DataCenter { get; }
        public BigInteger Size => End - Start;
        public override string ToString() => $"({Start}, {End}] on {string.Join(",", Endpoints)}";
    }

    /// <summary>
    /// The ring as describe_ring gives it, made into ranges a range scan can ask for: wrapping
    /// ranges cut at the ends of the token space (Cassandra 1.1 refuses wrapping key ranges), then
    /// split for parallel scans in proportion to their size.
    /// </summary>
    public static class ThriftRing
    {
        private static readonly BigInteger RandomMax = BigInteger.Pow(2, 127);

        public static ThriftPartitioner PartitionerOf(string name)
        {
            if (name != null && name.EndsWith("RandomPartitioner",
                StringComparison.Ordinal)) return ThriftPartitioner.Random;
            if (name != null && name.EndsWith("Murmur3Partitioner",
                StringComparison.Ordinal)) return ThriftPartitioner.Murmur3;
            throw new OrsException("PartitionerNotSupported", OrsErrorKind.InvalidOperation,
                $"The cluster uses {name}; the module scans rings of RandomPartitioner or Murmur3Partitioner, which " +
                "ORS's Cassandra uses.",
                name);
        }

        /// <summary>The lowest token: a range ending there runs to the end of the ring (Cassandra's MINIMUM).</summary>
        public static BigInteger Min(ThriftPartitioner p) => p == ThriftPartitioner.Random ? BigInteger.MinusOne
            : long.MinValue;

        public static BigInteger Max(ThriftPartitioner p) => p == ThriftPartitioner.Random ? RandomMax : long.MaxValue;

        public static string Text(BigInteger token) => token.ToString(CultureInfo.InvariantCulture);

        public static List<ThriftRange> Ranges(IEnumerable<ThriftTokenRange> ring, ThriftPartitioner p)
        {
            var result = new List<ThriftRange>();
            foreach (var r in ring)
            {
                var start = BigInteger.Parse(r.StartToken, CultureInfo.InvariantCulture);
                var end = BigInteger.Parse(r.EndToken, CultureInfo.InvariantCulture);
                var endpoints = r.RpcEndpoints.Count > 0 && r.RpcEndpoints.All(IsConnectable) ? r.RpcEndpoints
                    : r.Endpoints;
                string dc = r.EndpointDetails.FirstOrDefault()?.DataCenter;
                if (start < end) { result.Add(new ThriftRange(start, end, endpoints, dc)); continue; }
                // (start, end] wraps: (start, max] and (min, end].
                if (start < Max(p)) result.Add(new ThriftRange(start, Max(p), endpoints, dc));
                if (end > Min(p)) result.Add(new ThriftRange(Min(p), end, endpoints, dc));
            }
            return result.OrderBy(x => x.Start).ToList();
        }

        /// <summary>Splits ranges so there are about `splits` of them, each in proportion to its size.</summary>
        public static List<ThriftRange> Split(IReadOnlyList<ThriftRange> ranges, int splits) =>
            Util.RangeSplit.Split(ranges, splits, r => r.Start, r => r.End, (r, from, to) => new ThriftRange(from, to,
                r.Endpoints, r.DataCenter));

        /// <summary>
        /// rpc_address 0.0.0.0 means "listen everywhere" and cannot be connected to: use the endpoints then.
        /// </summary>
        private static bool IsConnectable(string address) => address != "0.0.0.0" && address != "::"
            && !string.IsNullOrEmpty(address);
    }
}
