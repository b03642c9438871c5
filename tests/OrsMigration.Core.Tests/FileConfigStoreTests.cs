using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OrsMigration.Config;
using Xunit;

namespace OrsMigration.Tests
{
    public class FileConfigStoreTests
    {
        private static ConfigRepository Repo(string root) => new ConfigRepository(new FileConfigStore(root));

        [Fact]
        public void ReadsApplicationsWithHostAndConnectionNames()
        {
            var repo = Repo(TestPaths.CopyOfSample("ors-813"));
            var ors = repo.GetApplications().Single(a => a.Name == "ORS_DC1_1");
            Assert.Equal(OrsAppType.OrchestrationServer, ors.Type);
            Assert.Equal("dc1-ors1", ors.HostName);
            Assert.Equal(241, ors.BackupDbid);
            Assert.Equal(OrsRedundancyType.WarmStandby, ors.RedundancyType);
            Assert.Contains(ors.Connections, c => c.ServerName == "URS_DC1");
            Assert.Equal(new[] { "default", "http" }, ors.Ports.Select(p => p.Id));
            Assert.Equal("DC1:2,DC2:2", ors.Options.Get("persistence", "cassandra-strategy-options"));
        }

        [Fact]
        public void SavingKeepsFieldsTheModuleDoesNotModel()
        {
            string root = TestPaths.CopyOfSample("ors-813");
            var repo = Repo(root);
            var app = repo.GetApplication(240);
            app.Options.Set("orchestration", "new-option", "1");
            repo.Save(app);
            var json = JObject.Parse(File.ReadAllText(Path.Combine(root, "CfgApplication", "240.json")));
            Assert.Equal("/opt/genesys/ORS_DC1_1", (string)json["workdirectory"]);
            Assert.Equal("10", (string)json["appservers"]["conninfo"][0]["timoutlocal"]);
            Assert.Equal("0", (string)json["portinfos"]["portinfo"][1]["longfield1"]);
            Assert.Equal("1", repo.GetApplication(240).Options.Get("orchestration", "new-option"));
        }

        [Fact]
        public void AWriteBasedOnAStaleReadIsRefusedAndChangesNothing()
        {
            string root = TestPaths.CopyOfSample("ors-813");
            var first = Repo(root).GetApplication(240);
            var second = Repo(root).GetApplication(240);
            first.Options.Set("orchestration", "a", "1");
            Repo(root).Save(first);
            string afterFirst = File.ReadAllText(Path.Combine(root, "CfgApplication", "240.json"));
            second.Options.Set("orchestration", "b", "2");
            var e = Assert.Throws<OrsException>(() => Repo(root).Save(second));
            Assert.Equal("OrsMigration.StaleWrite", e.ErrorId);
            Assert.Contains("ORS_DC1_1", e.Message);
            Assert.Equal(afterFirst, File.ReadAllText(Path.Combine(root, "CfgApplication", "240.json")));
        }

        [Fact]
        public void ConcurrentWritersNeverLoseAnUpdate()
        {
            string root = TestPaths.CopyOfSample("ors-813");
            // 40 writers each add their own option with retry-on-stale; every option must survive.
            Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                var repo = Repo(root);
                while (true)
                {
                    var app = repo.GetApplication(240);
                    app.Options.Set("race", "w" + i, i.ToString());
                    try { repo.Save(app); return; }
                    catch (OrsException e) when (e.ErrorId == "OrsMigration.StaleWrite") { }
                }
            });
            var final = Repo(root).GetApplication(240);
            Assert.Equal(40, final.Options.Section("race").Count);
        }

        [Fact]
        public void CreateAssignsAFreshDbidAcrossTypes()
        {
            string root = TestPaths.CopyOfSample("ors-812");
            var store = new FileConfigStore(root);
            var created = store.Create(CfgTypes.Application, new JObject { ["name"] = "New" });
            int max = Directory.GetDirectories(root).SelectMany(Directory.GetFiles).Select(f => int.Parse(Path.GetFileNameWithoutExtension(f))).Max();
            Assert.Equal(max, created.Dbid);
            Assert.Equal("New", store.Get(CfgTypes.Application, created.Dbid).Name);
        }

        [Fact]
        public void ADamagedObjectIsReportedAndTheOthersStillListed()
        {
            string root = TestPaths.CopyOfSample("ors-812");
            File.WriteAllText(Path.Combine(root, "CfgApplication", "241.json"), "{ \"name\": ");
            var errors = new System.Collections.Generic.List<OrsException>();
            var apps = Repo(root).GetApplications(errors.Add).ToList();
            Assert.DoesNotContain(apps, a => a.Dbid == 241);
            Assert.Contains(apps, a => a.Dbid == 240);
            Assert.Single(errors);
            Assert.Equal("OrsMigration.StoreObjectInvalid", errors[0].ErrorId);
            Assert.Contains("241.json", errors[0].Message);
        }

        [Fact]
        public void AMissingFolderIsAClearError()
        {
            var e = Assert.Throws<OrsException>(() => new FileConfigStore("/nonexistent/ors/store"));
            Assert.Equal("OrsMigration.StoreNotFound", e.ErrorId);
        }

        [Fact]
        public void NoTemporaryFilesAreLeftBehind()
        {
            string root = TestPaths.CopyOfSample("ors-813");
            var repo = Repo(root);
            var app = repo.GetApplication(240);
            app.Options.Set("x", "y", "z");
            repo.Save(app);
            Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));
        }
    }
}
