using System.IO;
using System.Linq;
using OrsMigration.Catalog;
using OrsMigration.Checks;
using OrsMigration.Cluster;
using OrsMigration.Config;
using Xunit;

namespace OrsMigration.Tests
{
    public class CheckTests
    {
        private static readonly OptionCatalog Catalog = OptionCatalog.Load(null);
        private static readonly OrsVersion To814 = OrsVersion.ReleaseLineStart("8.1.4");

        private static (ConfigRepository repo, Topology topology) Load(string sample)
        {
            var repo = new ConfigRepository(new FileConfigStore(TestPaths.CopyOfSample(sample)));
            return (repo, ClusterReader.Read(repo));
        }

        private static OrsCheckResult[] Config(Topology t) =>
            ConfigChecks.Run(t, t.Applications.Where(a => a.Type == OrsAppType.OrchestrationServer).ToList(), Catalog, To814).ToArray();

        [Fact]
        public void ObsoleteOptionsFailAndUnknownOptionsWarnWithSuggestions()
        {
            var (repo, _) = Load("ors-813");
            var app = repo.GetApplication(240);
            app.Options.Set("orchestration", "functions-by-usr", "true");
            repo.Save(app);
            var results = Config(ClusterReader.Read(repo));
            Assert.Contains(results, r => r.Check == "ObsoleteOption" && r.Status == OrsCheckStatus.Fail && r.Target.Contains("mcr-pull-by-msn-only"));
            var unknown = Assert.Single(results, r => r.Check == "UnknownOption");
            Assert.Equal(OrsCheckStatus.Warning, unknown.Status);
            Assert.Contains("orchestration/functions-by-urs", unknown.Remedy);
        }

        [Fact]
        public void InvalidValuesFailOnlyWhenTheCatalogueIsSure()
        {
            var (repo, _) = Load("ors-813");
            var app = repo.GetApplication(244);
            app.Options.Set("orchestration", "call-watching-timeout", "10");
            app.Options.Set("orchestration", "mcr-pull-limit", "-5");
            repo.Save(app);
            var results = Config(ClusterReader.Read(repo)).Where(r => r.Check == "InvalidValue").ToList();
            Assert.Equal(OrsCheckStatus.Fail, results.Single(r => r.Target.Contains("call-watching-timeout")).Status);
            Assert.Equal(OrsCheckStatus.Warning, results.Single(r => r.Target.Contains("mcr-pull-limit")).Status);
        }

        [Fact]
        public void AMissingBackupFailsAndAPairPasses()
        {
            var t812 = Load("ors-812").topology;
            Assert.Equal(4, Config(t812).Count(r => r.Check == "Backup" && r.Status == OrsCheckStatus.Fail));
            var t813 = Load("ors-813").topology;
            Assert.Equal(4, Config(t813).Count(r => r.Check == "Redundancy" && r.Status == OrsCheckStatus.Pass));
        }

        [Fact]
        public void BackupOptionsMustMatchThePrimary()
        {
            var (repo, _) = Load("ors-813");
            var backup = repo.GetApplication(243);
            backup.Options.Set("orchestration", "call-watching-timeout", "6000");
            repo.Save(backup);
            var r = Config(ClusterReader.Read(repo)).Single(x => x.Check == "BackupOptions" && x.Target.StartsWith("ORS_DC1_2 "));
            Assert.Equal(OrsCheckStatus.Fail, r.Status);
            Assert.Contains("call-watching-timeout", r.Message);
        }

        [Fact]
        public void ClusterWideOptionsMustBeEqual()
        {
            var (repo, _) = Load("ors-813");
            var app = repo.GetApplication(246);
            app.Options.Set("orchestration", "complete-assoc-on-target-node", "true");
            repo.Save(app);
            var r = Config(ClusterReader.Read(repo)).Single(x => x.Check == "ClusterConsistency" && x.Status != OrsCheckStatus.Pass && x.Target.Contains("complete-assoc"));
            Assert.Equal(OrsCheckStatus.Fail, r.Status);
            Assert.Contains("ORS_DC2_2", r.Message);
        }

        [Fact]
        public void The812SampleFailsOnUrsStatServerObsoleteOptionsAndDrain()
        {
            var results = PrerequisiteChecks.Run(Load("ors-812").topology, Catalog, To814).ToList();
            Assert.Equal(2, results.Count(r => r.Check == "UrsVersion" && r.Status == OrsCheckStatus.Fail));
            Assert.Contains(results, r => r.Check == "ComponentVersion" && r.Target.StartsWith("StatServer") && r.Status == OrsCheckStatus.Fail);
            Assert.Contains(results, r => r.Check == "ObsoleteOption" && r.Status == OrsCheckStatus.Fail);
            var drain = results.Single(r => r.Check == "SessionDrain");
            Assert.Equal(OrsCheckStatus.Fail, drain.Status);
            Assert.Contains("route points", drain.Remedy);
            Assert.Contains("interaction queues", drain.Remedy);
        }

        [Fact]
        public void The813SamplePassesUrsComponentsAndDrain()
        {
            var results = PrerequisiteChecks.Run(Load("ors-813").topology, Catalog, To814).ToList();
            Assert.DoesNotContain(results, r => r.Check == "UrsVersion" && r.Status != OrsCheckStatus.Pass);
            Assert.DoesNotContain(results, r => r.Check == "ComponentVersion" && r.Status != OrsCheckStatus.Pass);
            Assert.Equal(OrsCheckStatus.Pass, results.Single(r => r.Check == "SessionDrain").Status);
            Assert.Equal(OrsCheckStatus.Pass, results.Single(r => r.Check == "PersistenceConsistency").Status);
        }

        [Fact]
        public void DifferentPersistenceInOneClusterFails()
        {
            var (repo, _) = Load("ors-813");
            var app = repo.GetApplication(245);
            app.Options.Set("persistence", "cassandra-keyspace-name", "Other");
            repo.Save(app);
            var r = PrerequisiteChecks.Run(ClusterReader.Read(repo), Catalog, To814).Single(x => x.Check == "PersistenceConsistency");
            Assert.Equal(OrsCheckStatus.Fail, r.Status);
            Assert.Contains("cassandra-keyspace-name", r.Message);
        }

        [Fact]
        public void AnIncompatibleInteractionServerOnlyWarns()
        {
            var (repo, _) = Load("ors-813");
            var ixn = repo.GetApplication(230);
            ixn.Version = "8.5.000.10";
            repo.Save(ixn);
            var r = PrerequisiteChecks.Run(ClusterReader.Read(repo), Catalog, To814).Single(x => x.Check == "ComponentVersion" && x.Target.StartsWith("InteractionServer"));
            Assert.Equal(OrsCheckStatus.Warning, r.Status);
        }
    }

    public class ScxmlRecoveryTests
    {
        private static string Write(string text)
        {
            string file = Path.Combine(TestPaths.NewTempDir(), "s.scxml");
            File.WriteAllText(file, text);
            return file;
        }

        [Fact]
        public void AttributeSetToTruePassesWithItsLine()
        {
            var r = ScxmlRecoveryChecker.Check(Path.Combine(TestPaths.Sample("ors-813"), "scxml", "voice-main.scxml"));
            Assert.Equal((true, OrsCheckStatus.Pass, 4), (r.SendSessionRecovered.Value, r.Status, r.Line));
        }

        [Fact]
        public void AbsentFlagWarns()
        {
            var r = ScxmlRecoveryChecker.Check(Path.Combine(TestPaths.Sample("ors-813"), "scxml", "voice-callback.scxml"));
            Assert.Null(r.SendSessionRecovered);
            Assert.Equal(OrsCheckStatus.Warning, r.Status);
        }

        [Fact]
        public void PersistFalseIsReportedEvenWithTheFlag()
        {
            var r = ScxmlRecoveryChecker.Check(Path.Combine(TestPaths.Sample("ors-813"), "scxml", "email-classify.scxml"));
            Assert.True(r.SendSessionRecovered);
            Assert.True(r.PersistDisabled);
            Assert.Equal(6, r.PersistLine);
            Assert.Equal(OrsCheckStatus.Warning, r.Status);
        }

        [Theory]
        [InlineData("<scxml xmlns=\"http://www.w3.org/2005/07/scxml\">\n<script>\n var x = 1;\n _sendSessionRecovered = true;\n</script>\n</scxml>", true, 4)]
        [InlineData("<scxml xmlns=\"http://www.w3.org/2005/07/scxml\">\n<datamodel><data id=\"_sendSessionRecovered\" expr=\"'false'\"/></datamodel>\n</scxml>", false, 2)]
        [InlineData("<scxml xmlns=\"http://www.w3.org/2005/07/scxml\">\n<state id=\"s\"><onentry>\n<assign location=\"_sendSessionRecovered\" expr=\"true\"/></onentry></state>\n</scxml>", true, 3)]
        public void FindsTheFlagInEveryForm(string text, bool value, int line)
        {
            var r = ScxmlRecoveryChecker.Check(Write(text));
            Assert.Equal(value, r.SendSessionRecovered);
            Assert.Equal(line, r.Line);
        }

        [Fact]
        public void MalformedXmlFailsWithItsLine()
        {
            var r = ScxmlRecoveryChecker.Check(Write("<scxml>\n<state>\n</scxml>"));
            Assert.Equal(OrsCheckStatus.Fail, r.Status);
            Assert.Equal(3, r.Line);
        }

        [Fact]
        public void ADnValueMayHoldTwoUrls()
        {
            var paths = ScxmlRecoveryChecker.PathsOfApplicationOption("file:scxml/a.scxml http://x/b.scxml", "/store");
            Assert.Equal(2, paths.Length);
            Assert.Equal(Path.GetFullPath("/store/scxml/a.scxml"), paths[0].Path);
            Assert.Null(paths[1].Path);
            Assert.Equal("/abs/c.scxml", ScxmlRecoveryChecker.PathsOfApplicationOption("file:///abs/c.scxml", "/store")[0].Path);
        }
    }
}
