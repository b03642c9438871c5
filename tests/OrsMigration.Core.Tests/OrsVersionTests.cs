using System;
using Xunit;

namespace OrsMigration.Tests
{
    public class OrsVersionTests
    {
        [Theory]
        [InlineData("8.1.400.9", "8.1.400.10", -1)]
        [InlineData("8.1.400.64", "8.1.400.64", 0)]
        [InlineData("8.1.300.36", "8.1.400.1", -1)]
        [InlineData("8.5", "8.1.400.64", 1)]
        [InlineData("8.1", "8.1.0.0", 0)]
        public void ComparesNumericallyPartByPart(string a, string b, int expected)
        {
            Assert.Equal(expected, Math.Sign(OrsVersion.Parse(a).CompareTo(OrsVersion.Parse(b))));
        }

        [Theory]
        [InlineData("8.1.200.38", "8.1.2")]
        [InlineData("8.1.300.36", "8.1.3")]
        [InlineData("8.1.400.64", "8.1.4")]
        [InlineData("8.1.401.10", "8.1.4")]
        public void KnowsTheReleaseLine(string version, string line)
        {
            Assert.Equal(line, OrsVersion.Parse(version).ReleaseLine);
        }

        [Fact]
        public void ReleaseLineStartIsTheFirstBuildOfTheLine()
        {
            Assert.Equal(OrsVersion.Parse("8.1.400.0"), OrsVersion.ReleaseLineStart("8.1.4"));
            Assert.True(OrsVersion.Parse("8.1.300.99") < OrsVersion.ReleaseLineStart("8.1.4"));
            Assert.Equal(OrsVersion.Parse("8.1.400.64"), OrsVersion.ReleaseLineStart("8.1.400.64"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("8")]
        [InlineData("8.1.x")]
        [InlineData("8.1.400.64.1")]
        [InlineData("v8.1.4")]
        [InlineData("8..4")]
        [InlineData("8.1.-4")]
        public void GarbageGetsAClearError(string text)
        {
            var e = Assert.Throws<FormatException>(() => OrsVersion.Parse(text));
            Assert.Contains("8.1.400.64", e.Message);
            Assert.False(OrsVersion.TryParse(text, out _));
        }
    }
}
