using System.IO;
using System.Linq;
using OrsMigration.Catalog;
using OrsMigration.Cfg;
using OrsMigration.Config;
using OrsMigration.Export;
using Xunit;

namespace OrsMigration.Tests
{
    public class ExportRestoreTests
    {
        private readonly string _store;
        private readonly string _backup;
        private readonly ConfigRepository _repo;

        public ExportRestoreTests()
        {
            _store = TestPaths.CopyOfSample("ors-812");
            _backup = TestPaths.NewTempDir();
            _repo = new ConfigRepository(new FileConfigStore(_store));
        }

        private OrsConfigExport ExportOne(OrsApplication app)
        {
            var export = ConfigExporter.Export(app, _backup, CfgFlavor.Cfg, false);
            ExportManifest.Load(_backup).Save(new[] { export });
            return export;
        }

        private void Restore(string cfg, RestoreMode mode = RestoreMode.Exact, string application = null, bool check = true, bool includeObject = false)
        {
            var source = RestoreSource.Load(cfg, check, includeObject);
            var target = RestorePlanner.FindTarget(_repo, source, application);
            var plan = RestorePlanner.Plan(target, source, mode);
            target.Options = plan.Desired;
            if (source.Snapshot != null) RestorePlanner.ApplySnapshotFields(target, source.Snapshot);
            _repo.Save(target);
        }

        [Theory]
        [InlineData("ors-812")]
        [InlineData("ors-813")]
        public void ExportPruneRestoreGivesBackExactlyTheExportedOptionsInOrder(string sample)
        {
            var repo = new ConfigRepository(new FileConfigStore(TestPaths.CopyOfSample(sample)));
            var before = repo.GetApplications().ToList();
            var exports = before.Select(a => ConfigExporter.Export(a, _backup, CfgFlavor.Cfg, true)).ToList();
            ExportManifest.Load(_backup).Save(exports);
            int pruned = 0;
            foreach (var app in repo.GetApplications().Where(a => a.Type == OrsAppType.OrchestrationServer))
            {
                var plan = MigrationRules.PlanObsoleteRemoval(app, OrsVersion.ReleaseLineStart("8.1.4"));
                if (plan.ChangesAnything) pruned++;
                app.Options = plan.Desired;
                repo.Save(app);
            }
            Assert.True(pruned >= 3, "the sample has obsolete options to prune");
            foreach (var export in exports)
            {
                var source = RestoreSource.Load(export.Path, true, false);
                var target = RestorePlanner.FindTarget(repo, source, null);
                target.Options = RestorePlanner.Plan(target, source, RestoreMode.Exact).Desired;
                repo.Save(target);
            }
            foreach (var app in before)
            {
                var now = repo.GetApplication(app.Dbid);
                Assert.True(app.Options.SequenceEquals(now.Options), app.Name + " differs after restore");
                Assert.Empty(OptionComparer.Compare(app.Options, now.Options, true));
            }
        }

        [Fact]
        public void ATamperedExportIsRefusedBeforeAnythingIsWritten()
        {
            var app = _repo.GetApplication(240);
            var export = ExportOne(app);
            File.AppendAllText(export.Path, "extra=1\r\n");
            string storeBefore = File.ReadAllText(Path.Combine(_store, "CfgApplication", "240.json"));
            var e = Assert.Throws<OrsException>(() => RestoreSource.Load(export.Path, true, false));
            Assert.Equal("OrsMigration.ExportIntegrityFailed", e.ErrorId);
            Assert.Equal(storeBefore, File.ReadAllText(Path.Combine(_store, "CfgApplication", "240.json")));
        }

        [Fact]
        public void ATruncatedExportIsRefused()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var bytes = File.ReadAllBytes(export.Path);
            File.WriteAllBytes(export.Path, bytes.Take(bytes.Length / 2).ToArray());
            Assert.Equal("OrsMigration.ExportIntegrityFailed", Assert.Throws<OrsException>(() => RestoreSource.Load(export.Path, true, false)).ErrorId);
        }

        [Fact]
        public void AFileWithoutManifestEntryIsRefusedUnlessTheCheckIsSkipped()
        {
            string cfg = Path.Combine(_backup, "ORS_DC1_1.cfg");
            File.WriteAllText(cfg, "[orchestration]\r\nx=1\r\n");
            Assert.Equal("OrsMigration.ExportNotVerifiable", Assert.Throws<OrsException>(() => RestoreSource.Load(cfg, true, false)).ErrorId);
            Restore(cfg, check: false);
            var app = _repo.GetApplication(240);
            Assert.Equal(1, app.Options.OptionCount);
        }

        [Fact]
        public void TargetIsFoundByManifestDbidEvenAfterARename()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var app = _repo.GetApplication(240);
            app.Name = "ORS_DC1_1_renamed";
            app.Options.Set("extra", "k", "v");
            _repo.Save(app);
            Restore(export.Path);
            Assert.Null(_repo.GetApplication(240).Options.Section("extra"));
        }

        [Fact]
        public void TargetFallsBackToTheManifestNameThenTheFileName()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var manifestText = File.ReadAllText(export.ManifestPath).Replace("\"applicationDbid\": 240", "\"applicationDbid\": 9999");
            File.WriteAllText(export.ManifestPath, manifestText);
            var source = RestoreSource.Load(export.Path, true, false);
            Assert.Equal(240, RestorePlanner.FindTarget(_repo, source, null).Dbid);

            string copy = Path.Combine(_backup, "ORS_DC1_2.cfg");
            File.Copy(export.Path, copy);
            Assert.Equal(241, RestorePlanner.FindTarget(_repo, RestoreSource.Load(copy, false, false), null).Dbid);
        }

        [Fact]
        public void ExplicitApplicationWinsAndUnknownNamesAreClearErrors()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var source = RestoreSource.Load(export.Path, true, false);
            Assert.Equal(241, RestorePlanner.FindTarget(_repo, source, "ORS_DC1_2").Dbid);
            var e = Assert.Throws<OrsException>(() => RestorePlanner.FindTarget(_repo, source, "NoSuchApp"));
            Assert.Equal("OrsMigration.RestoreTargetNotFound", e.ErrorId);
        }

        [Fact]
        public void MergeOnlyAddsAndOverwrites()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var app = _repo.GetApplication(240);
            app.Options.Set("persistence", "cassandra-strategy-class", "SimpleStrategy");
            app.Options.Set("log", "verbose", "all");
            _repo.Save(app);
            Restore(export.Path, RestoreMode.Merge);
            var now = _repo.GetApplication(240);
            Assert.Equal("SimpleStrategy", now.Options.Get("persistence", "cassandra-strategy-class"));
            Assert.Equal("standard", now.Options.Get("log", "verbose"));
        }

        [Fact]
        public void IncludeObjectRestoresVersionBackupLinkAndPorts()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var app = _repo.GetApplication(240);
            app.Version = "8.1.400.64";
            app.BackupDbid = 999;
            app.RedundancyType = OrsRedundancyType.WarmStandby;
            app.Ports[1].Port = 9999;
            _repo.Save(app);
            Restore(export.Path, includeObject: true);
            var now = _repo.GetApplication(240);
            Assert.Equal("8.1.200.38", now.Version);
            Assert.Equal(0, now.BackupDbid);
            Assert.Equal(OrsRedundancyType.NoHA, now.RedundancyType);
            Assert.Equal(7011, now.Ports[1].Port);
            Assert.Equal(string.Empty, RestorePlanner.VerifyDifference(now, now.Options, RestoreSource.Load(export.Path, true, true).Snapshot));
        }

        [Fact]
        public void AnExistingExportIsNotOverwrittenWithoutForce()
        {
            var app = _repo.GetApplication(240);
            ExportOne(app);
            Assert.Equal("OrsMigration.ExportExists", Assert.Throws<OrsException>(() => ConfigExporter.Export(app, _backup, CfgFlavor.Cfg, false)).ErrorId);
        }

        [Fact]
        public void UnsafeNamesGetTheirDbidAndNeverCollide()
        {
            var a = new OrsApplication { Dbid = 1, Name = "ORS/1" };
            var b = new OrsApplication { Dbid = 2, Name = "ORS:1" };
            Assert.NotEqual(ConfigExporter.FileBaseName(a), ConfigExporter.FileBaseName(b));
            Assert.Equal("ORS_1_dbid1", ConfigExporter.FileBaseName(a));
            Assert.Equal("ORS_DC1_1", ConfigExporter.FileBaseName(new OrsApplication { Dbid = 3, Name = "ORS_DC1_1" }));
        }

        [Fact]
        public void AnOptionTheFormatCannotHoldStopsTheExportBeforeAnyFileIsWritten()
        {
            var app = _repo.GetApplication(240);
            app.Options.Set("orchestration", "bad", "two\nlines");
            var e = Assert.Throws<OrsException>(() => ConfigExporter.Export(app, _backup, CfgFlavor.Cfg, false));
            Assert.Equal("OrsMigration.ExportValueInvalid", e.ErrorId);
            Assert.Contains("orchestration/bad", e.Message);
            Assert.Empty(Directory.GetFiles(_backup));
        }

        [Fact]
        public void ManifestSavesMergeWithOtherWriters()
        {
            var one = ConfigExporter.Export(_repo.GetApplication(240), _backup, CfgFlavor.Cfg, false);
            var two = ConfigExporter.Export(_repo.GetApplication(241), _backup, CfgFlavor.Cfg, false);
            var m1 = ExportManifest.Load(_backup);
            var m2 = ExportManifest.Load(_backup);
            m1.Save(new[] { one });
            m2.Save(new[] { two });
            Assert.Equal(2, ExportManifest.Load(_backup).Entries.Count());
        }
    }
}
