using System.Linq;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>The indexed option set keeps Configuration Server's order and its case-sensitive names.</summary>
    public class OptionSetTests
    {
        [Fact]
        public void FindsSetsRemovesAndInsertsByNameKeepingOrder()
        {
            var set = new OptionSet();
            set.Set("orchestration", "b", "1");
            set.Set("log", "verbose", "all");
            set.Set("orchestration", "a", "2");
            set.Set("Orchestration", "a", "3");           // another section: names are case-sensitive
            Assert.Equal(new[] { "orchestration", "log", "Orchestration" }, set.SectionNames);
            Assert.Equal("2", set.Get("orchestration", "a"));
            Assert.Equal("3", set.Get("Orchestration", "a"));
            set.Section("orchestration").Insert(0, "c", "0");
            Assert.Equal(new[] { "c", "b", "a" }, set.Section("orchestration").Select(o => o.Name));
            Assert.True(set.Remove("orchestration", "b"));
            Assert.False(set.Remove("orchestration", "b"));
            Assert.Equal(new[] { "c", "a" }, set.Section("orchestration").Select(o => o.Name));
            Assert.Throws<System.InvalidOperationException>(() => set.Section("orchestration").Insert(1, "a", "x"));
            Assert.True(set.RemoveSection("log"));
            Assert.Null(set.Section("log"));
            set.Set("log", "verbose", "none");            // a section removed and added again goes last
            Assert.Equal(new[] { "orchestration", "Orchestration", "log" }, set.SectionNames);
            var copy = set.Clone();
            Assert.True(copy.SequenceEquals(set));
            copy.Set("log", "verbose", "x");
            Assert.Equal("none", set.Get("log", "verbose"));
        }
    }
}
