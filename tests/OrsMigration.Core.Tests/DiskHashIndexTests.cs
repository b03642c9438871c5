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
    }
}
