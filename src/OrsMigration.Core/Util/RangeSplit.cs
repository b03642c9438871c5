using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace OrsMigration.Util
{
    /// <summary>
    /// The one way token ranges are cut for parallel scans (CQL and Thrift rings alike): about
    /// `splits` parts in all, each range cut in proportion to its share of the ring (DSBulk's approach).
    /// </summary>
    internal static class RangeSplit
    {
        public static List<T> Split<T>(IReadOnlyList<T> ranges, int splits, Func<T, BigInteger> start, Func<T,
            BigInteger> end,
            Func<T, BigInteger, BigInteger, T> make)
        {
            var total = ranges.Aggregate(BigInteger.Zero, (s, r) => s + (end(r) - start(r)));
            var result = new List<T>();
            foreach (var r in ranges)
            {
                var size = end(r) - start(r);
                int parts = total.IsZero ? 1 : (int)BigInteger.Max(1, BigInteger.Min(1 << 16,
                    (size * splits + total / 2) / total));
                var from = start(r);
                for (int i = 1; i <= parts; i++)
                {
                    var to = i == parts ? end(r) : start(r) + size * i / parts;
                    if (to > from) result.Add(make(r, from, to));
                    from = to;
                }
            }
            return result;
        }
    }
}
