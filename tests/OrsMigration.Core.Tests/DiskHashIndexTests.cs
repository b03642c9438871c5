using System;
using System.Linq;
using OrsMigration.Util;
using Xunit;

namespace OrsMigration.Tests
{
    public class DiskHashIndexTests
    {
        [Fact]
        public void FindsEveryValueOfManyTextsThroughEveryDoubling()
        {
            using (var index = new DiskHashIndex(StringComparer.Ordinal))
            {
                for (int i = 0; i < 20000; i++) index.Add("ORS_" + i, i);
                for (int i = 0; i < 20000; i++) Assert.Contains((long)i, index.Find("ORS_" + i));
                Assert.Empty(index.Find("ORS_20000"));
                Assert.Empty(index.Find("ors_1"));
            }
        }

        [Fact]
        public void IgnoringCaseFindsANameInAnyCase()
        {
            using (var index = new DiskHashIndex(StringComparer.OrdinalIgnoreCase))
            {
                index.Add("ORS_DC1_1.cfg", 5);
                index.Add("Ørs_ß.cfg", 6);
                Assert.Equal(new long[] { 5 }, index.Find("ors_dc1_1.CFG"));
                Assert.Equal(new long[] { 6 }, index.Find("øRS_ß.CFG"));
                Assert.Empty(index.Find("ors_dc1_1.cf"));
            }
        }

        [Fact]
        public void ValuesOfOneTextComeSmallestFirst()
        {
            using (var index = new DiskHashIndex(StringComparer.Ordinal))
            {
                foreach (long v in new long[] { 900, 3, 77, 0 }) index.Add("same", v);
                Assert.Equal(new long[] { 0, 3, 77, 900 }, index.Find("same"));
                Assert.Throws<ArgumentOutOfRangeException>(() => index.Add("same", -1));
            }
        }

        [Fact]
        public void AnEmptyIndexFindsNothing()
        {
            using (var index = new DiskHashIndex(StringComparer.Ordinal)) Assert.False(index.Find("x").Any());
        }

        [Fact]
        public void ASpillStreamMovesToAFileAtItsLimitAndKeepsEveryByte()
        {
            var expected = new byte[10000];
            new Random(7).NextBytes(expected);
            using (var stream = new SpillStream(4096, 1))
            {
                stream.Write(expected, 0, 4000);
                Assert.False(stream.Spilled);
                stream.Position = 100;
                stream.Write(expected, 100, 50);
                stream.Position = 4000;
                stream.Write(expected, 4000, 6000);
                Assert.True(stream.Spilled);
                stream.Position = 0;
                var actual = new byte[10000];
                ScratchFile.ReadFully(stream, actual, actual.Length);
                Assert.Equal(expected, actual);
                stream.SetLength(20000);
                Assert.Equal(20000, stream.Length);
            }
            using (var sized = new SpillStream(4096, 1))
            {
                sized.SetLength(8192);
                Assert.True(sized.Spilled);
                Assert.Equal(8192, sized.Length);
            }
        }
    }
}
