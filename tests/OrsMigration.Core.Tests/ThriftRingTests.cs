using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using OrsMigration.Thrift;
using Xunit;

namespace OrsMigration.Tests
{
    public class ThriftRingTests
    {
        private static ThriftTokenRange R(string start, string end, string host, string dc = "DC1")
        {
            var r = new ThriftTokenRange { StartToken = start, EndToken = end };
            r.Endpoints.Add(host);
            r.RpcEndpoints.Add("0.0.0.0");                      // not connectable: the endpoint is used
            r.EndpointDetails.Add(new EndpointDetails { Host = host, DataCenter = dc });
            return r;
        }

        [Theory]
        [InlineData(ThriftPartitioner.Random)]
        [InlineData(ThriftPartitioner.Murmur3)]
        public void TheWrappingRangeIsCutAtTheEndsAndTheRingIsCoveredOnce(ThriftPartitioner p)
        {
            var ring = new[] { R("300", "100", "a"), R("100", "200", "b", "DC2"), R("200", "300", "c") };
            var ranges = ThriftRing.Ranges(ring, p);
            Assert.Equal(4, ranges.Count);
            Assert.Equal(ThriftRing.Min(p), ranges[0].Start);
            Assert.Equal(ThriftRing.Max(p), ranges.Last().End);
            for (int i = 1; i < ranges.Count; i++) Assert.Equal(ranges[i - 1].End, ranges[i].Start);
            Assert.Equal("a", ranges[0].Endpoints[0]);
            Assert.Equal("DC2", ranges[1].DataCenter);
            var split = ThriftRing.Split(ranges, 40);
            Assert.InRange(split.Count, 30, 50);
            Assert.Equal(ranges.Aggregate(BigInteger.Zero, (s, r) => s + r.Size), split.Aggregate(BigInteger.Zero, (s, r) => s + r.Size));
        }

        [Fact]
        public void AOneTokenRingIsTheWholeTokenSpace()
        {
            var ranges = ThriftRing.Ranges(new[] { R("42", "42", "a") }, ThriftPartitioner.Random);
            Assert.Equal(2, ranges.Count);
            Assert.Equal(BigInteger.MinusOne, ranges[0].Start);
            Assert.Equal(BigInteger.Pow(2, 127), ranges[1].End);
        }

        [Fact]
        public void OtherPartitionersAreRefusedClearly()
        {
            var e = Assert.Throws<OrsException>(() => ThriftRing.PartitionerOf("org.apache.cassandra.dht.ByteOrderedPartitioner"));
            Assert.Equal("OrsMigration.PartitionerNotSupported", e.ErrorId);
        }

        [Theory]
        [InlineData("19.33.0", "1.1")]
        [InlineData("19.36.2", "1.2")]
        [InlineData("19.38.0", "2.0")]
        [InlineData("19.39.0", "2.1")]
        [InlineData("20.1.0", "2.2/3.x")]
        public void TheInterfaceVersionNamesAReleaseLine(string version, string line) =>
            Assert.Equal(line, Persistence.ThriftCluster.ReleaseLine(version));
    }
}
