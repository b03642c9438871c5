using System.IO;
using System.Linq;
using OrsMigration.Catalog;
using Xunit;

namespace OrsMigration.Tests
{
    public class CatalogTests
    {
        private static readonly OptionCatalog Catalog = OptionCatalog.Load(null);

        [Theory]
        [InlineData("orchestration", "backup-synch-max-age")]
        [InlineData("orchestration", "backup-synch-max-buffer")]
        [InlineData("orchestration", "ixnfm-idle-session-ttl")]
        [InlineData("orchestration", "mcr-queue-on-fails")]
        [InlineData("orchestration", "functions-by-urs")]
        [InlineData("orchestration", "heartbeat-backup-status")]
        [InlineData("scxml", "http-orphan-session-action")]
        [InlineData("orchestration", "max-session-create-time")]
        [InlineData("orchestration", "map-composer-log-levels")]
        [InlineData("orchestration", "new-session-on-reroute")]
        [InlineData("scxml", "scxml-log-filter-level")]
        [InlineData("scxml", "sessionfm-fetch-timeout")]
        [InlineData("persistence", "cassandra-read-timeout")]
        [InlineData("persistence", "cassandra-write-timeout")]
        [InlineData("scxml", "http-enable-keepalive")]
        [InlineData("scxml", "max-assembled-cache-size")]
        [InlineData("scxml", "max-assembled-cached-docs")]
        [InlineData("scxml", "max-assembled-cached-doc-size")]
        [InlineData("scxml", "thread-synch-ipv")]
        [InlineData("orchestration", "mcr-pull-by-msn-only")]
        [InlineData("orchestration", "get-list-item-by-urs")]
        [InlineData("cluster", "name")]
        [InlineData("cluster", "super_node")]
        [InlineData("orchestration", "mcr-pull-by-this-node")]
        [InlineData("orchestration", "mcr-pull-limit")]
        [InlineData("persistence", "cassandra-keyspace-name")]
        [InlineData("persistence", "cassandra-schema-version")]
        [InlineData("persistence", "cassandra-strategy-class")]
        [InlineData("persistence", "cassandra-strategy-options")]
        [InlineData("orchestration", "call-watching-timeout")]
        [InlineData("orchestration", "complete-assoc-on-target-node")]
        public void CoversEveryOptionTheGuideNames(string section, string name)
        {
            var info = Catalog.Find(section, name);
            Assert.NotNull(info);
            Assert.False(string.IsNullOrEmpty(info.Description));
            Assert.False(string.IsNullOrEmpty(info.Source));
        }

        [Fact]
        public void FollowsTheOptionsReferenceForTheSwappedBackupSynchDescriptions()
        {
            var age = Catalog.Find("orchestration", "backup-synch-max-age");
            var buffer = Catalog.Find("orchestration", "backup-synch-max-buffer");
            Assert.Equal(("600", "seconds", 11L), (age.Default, age.Unit, age.Minimum.Value));
            Assert.Equal(("100", "KB", 101L), (buffer.Default, buffer.Unit, buffer.Minimum.Value));
            Assert.Contains("swaps", age.Description);
        }

        [Fact]
        public void MarksWhatItOnlyInfers()
        {
            Assert.Equal(OptionConfidence.Confirmed, Catalog.Find("orchestration", "call-watching-timeout").Confidence);
            Assert.Equal(OptionConfidence.Unknown, Catalog.Find("orchestration", "ixnfm-idle-session-ttl").Confidence);
            Assert.NotEqual(OptionConfidence.Confirmed, Catalog.Find("persistence", "cassandra-keyspace-name").Confidence);
        }

        [Theory]
        [InlineData("call-watching-timeout", "5000", true)]
        [InlineData("call-watching-timeout", "999", false)]
        [InlineData("call-watching-timeout", "300001", false)]
        [InlineData("call-watching-timeout", "abc", false)]
        [InlineData("functions-by-urs", "false", true)]
        [InlineData("functions-by-urs", "yes", false)]
        [InlineData("backup-synch-max-age", "10", false)]
        [InlineData("backup-synch-max-age", "11", true)]
        public void ValidatesValues(string name, string value, bool valid)
        {
            var problem = Catalog.Find("orchestration", name).Check(value);
            Assert.Equal(valid, problem == null);
            if (!valid) Assert.Contains("expected", problem);
        }

        [Fact]
        public void SuggestsTheClosestNames()
        {
            Assert.Equal("orchestration/functions-by-urs", Catalog.Suggest("orchestration", "functions-by-usr").First());
            Assert.Empty(Catalog.Suggest("orchestration", "completely-different-thing-entirely"));
        }

        [Fact]
        public void KnowsWhichReleaseHasWhichOption()
        {
            var to814 = OrsVersion.ReleaseLineStart("8.1.4");
            Assert.False(Catalog.Find("orchestration", "mcr-pull-by-msn-only").ExistsIn(to814));
            Assert.True(Catalog.Find("orchestration", "mcr-pull-by-msn-only").ExistsIn(OrsVersion.Parse("8.1.300.36")));
            Assert.False(Catalog.Find("orchestration", "complete-assoc-on-target-node").ExistsIn(OrsVersion.Parse("8.1.400.52")));
            Assert.True(Catalog.Find("orchestration", "complete-assoc-on-target-node").ExistsIn(OrsVersion.Parse("8.1.400.53")));
        }

        [Fact]
        public void ASiteFileReplacesAndExtendsEntries()
        {
            string file = Path.Combine(TestPaths.NewTempDir(), "site.json");
            File.WriteAllText(file, "{ \"options\": [ { \"section\": \"orchestration\", \"name\": \"mcr-pull-limit\", \"type\": \"integer\", \"min\": 1, \"max\": 50, \"confidence\": \"Confirmed\", \"source\": \"site lab\" }," +
                                    " { \"section\": \"orchestration\", \"name\": \"site-option\", \"source\": \"site\" } ] }");
            var catalog = OptionCatalog.Load(file);
            Assert.Equal(OptionConfidence.Confirmed, catalog.Find("orchestration", "mcr-pull-limit").Confidence);
            Assert.NotNull(catalog.Find("orchestration", "site-option"));
            Assert.Equal(Catalog.Options.Count + 1, catalog.Options.Count);
        }

        [Fact]
        public void ADamagedSiteFileIsAClearError()
        {
            string file = Path.Combine(TestPaths.NewTempDir(), "bad.json");
            File.WriteAllText(file, "{ \"options\": [ { \"name\": \"x\" } ] }");
            var e = Assert.Throws<OrsException>(() => OptionCatalog.Load(file));
            Assert.Equal("OrsMigration.CatalogInvalid", e.ErrorId);
            Assert.Contains(file, e.Message);
        }
    }
}
