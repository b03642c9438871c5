using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace OrsMigration.Cql
{
    /// <summary>A token range (Start, End] owned by a node; never wraps.</summary>
    public sealed class TokenRange
    {
        public TokenRange(long start, long end, CqlHost owner)
        {
            Start = start;
            End = end;
            Owner = owner;
        }

        public long Start { get; }
        public long End { get; }
        public CqlHost Owner { get; }
        public BigInteger Size => (BigInteger)End - Start;
        public override string ToString() => $"({Start}, {End}] on {Owner}";
    }

    /// <summary>
    /// The Murmur3 ring from the nodes' tokens: each token t_i owned by node N covers
    /// (t_{i-1}, t_i]; the wrapping range is cut at the ends of the token space, since Cassandra
    /// does not wrap token(key) &gt; a AND token(key) &lt;= b when a ≥ b.
    /// </summary>
    public static class TokenRing
    {
        public const long Min = long.MinValue;
        public const long Max = long.MaxValue;

        public static List<TokenRange> Ranges(IEnumerable<CqlHost> hosts)
        {
            var tokens = hosts.SelectMany(h => h.Tokens.Select(t => (token: t, host: h))).OrderBy(x => x.token).ToList();
            var ranges = new List<TokenRange>();
            if (tokens.Count == 0) return ranges;
            var first = tokens[0];
            var last = tokens[tokens.Count - 1];
            // The wrapping range (last, first] belongs to the first token's node.
            if (last.token < Max) ranges.Add(new TokenRange(last.token, Max, first.host));
            ranges.Add(new TokenRange(Min, first.token, first.host));
            for (int i = 1; i < tokens.Count; i++)
                ranges.Add(new TokenRange(tokens[i - 1].token, tokens[i].token, tokens[i].host));
            return ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start).ToList();
        }

        /// <summary>
        /// Splits ranges so there are about `splits` of them, each part in proportion to its size (DSBulk's approach).
        /// </summary>
        public static List<TokenRange> Split(IReadOnlyList<TokenRange> ranges, int splits) =>
            Util.RangeSplit.Split(ranges, splits, r => r.Start, r => r.End, (r, from, to)
                => new TokenRange((long)from, (long)to, r.Owner));
    }
}
