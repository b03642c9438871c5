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

        private OrsConfigExport ExportOne(OrsApplication app, ExistingExport existing = ExistingExport.Refuse)
        {
            using (var exports = new ExportFolder(_backup))
                return exports.Export(app, CfgFlavor.Cfg, existing);
        }

        private void Restore(string cfg, RestoreMode mode = RestoreMode.Exact, string application = null, bool check = true,
            bool includeObject = false, bool allowOther = false)
        {
            var source = RestoreSource.Load(cfg, check, includeObject);
            var target = RestorePlanner.FindTarget(_repo, source, application, allowOther);
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
            var exports = before.Select(a => ExportOne(a)).ToList();
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
        public void ARenamedApplicationIsNotRestoredSilently()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var app = _repo.GetApplication(240);
            app.Name = "ORS_DC1_1_renamed";
            _repo.Save(app);
            var e = Assert.Throws<OrsException>(() => Restore(export.Path));
            Assert.Equal("OrsMigration.RestoreTargetMismatch", e.ErrorId);
            Assert.Contains("ORS_DC1_1_renamed", e.Message);
            Restore(export.Path, application: "ORS_DC1_1_renamed", allowOther: true);
        }

        [Fact]
        public void AnEditedManifestDbidIsRefusedNotRedirected()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var text = File.ReadAllText(export.ManifestPath).Replace("\"applicationDbid\": 240", "\"applicationDbid\": 241");
            File.WriteAllText(export.ManifestPath, text);
            var e = Assert.Throws<OrsException>(() => RestoreSource.Load(export.Path, true, false));
            Assert.Equal("OrsMigration.ManifestEntryInvalid", e.ErrorId);
            Assert.Contains("damaged", e.Message);
        }

        [Fact]
        public void AManifestEntryPointingOutsideItsFolderIsRefused()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var text = File.ReadAllText(export.ManifestPath)
                .Replace("\"snapshotFile\": \"ORS_DC1_1.snapshot.json\"", "\"snapshotFile\": \"../outside.json\"");
            File.WriteAllText(export.ManifestPath, text);
            var e = Assert.Throws<OrsException>(() => RestoreSource.Load(export.Path, true, true));
            Assert.Equal("OrsMigration.ManifestEntryInvalid", e.ErrorId);
            Assert.Contains("not a plain file name", e.Message);
        }

        [Fact]
        public void AKeyedManifestDetectsARecomputedSealAndNeedsTheKey()
        {
            var key = Integrity.IntegrityKey.FromSecret("s3cret");
            using (var folder = new ExportFolder(_backup, key)) folder.Export(_repo.GetApplication(240), CfgFlavor.Cfg, ExistingExport.Refuse);
            string cfg = Path.Combine(_backup, "ORS_DC1_1.cfg");
            Assert.NotNull(RestoreSource.Load(cfg, true, false, key).Entry);
            Assert.Contains("-IntegrityKey", Assert.Throws<OrsException>(() => RestoreSource.Load(cfg, true, false)).Message);
            var other = Integrity.IntegrityKey.FromSecret("guess");
            var e = Assert.Throws<OrsException>(() => RestoreSource.Load(cfg, true, false, other));
            Assert.Contains("without the key", e.Message);
        }

        [Fact]
        public void ExportingIdenticalContentAgainRewritesNothing()
        {
            var first = ExportOne(_repo.GetApplication(240));
            var written = File.GetLastWriteTimeUtc(first.Path);
            System.Threading.Thread.Sleep(20);
            var again = ExportOne(_repo.GetApplication(240));
            Assert.Equal(ExportOutcome.Unchanged, again.Outcome);
            Assert.Equal(written, File.GetLastWriteTimeUtc(first.Path));
            Assert.Equal(first.ExportedAt, again.ExportedAt);
        }

        [Fact]
        public void ARollbackPointIsNeverReplacedButForceKeepsThePreviousBesideIt()
        {
            var first = ExportOne(_repo.GetApplication(240));
            byte[] original = File.ReadAllBytes(first.Path);
            var app = _repo.GetApplication(240);
            app.Options.Set("orchestration", "changed", "yes");
            _repo.Save(app);
            Assert.Equal("OrsMigration.ExportExists", Assert.Throws<OrsException>(() => ExportOne(_repo.GetApplication(240))).ErrorId);
            Assert.Equal(original, File.ReadAllBytes(first.Path));
            var kept = ExportOne(_repo.GetApplication(240), ExistingExport.Keep);
            Assert.Equal(ExportOutcome.Kept, kept.Outcome);
            Assert.Equal(original, File.ReadAllBytes(first.Path));
            var replaced = ExportOne(_repo.GetApplication(240), ExistingExport.Replace);
            Assert.Equal(ExportOutcome.Replaced, replaced.Outcome);
            Assert.Equal(original, File.ReadAllBytes(replaced.PreviousPath));
            var previous = RestoreSource.Load(replaced.PreviousPath, true, true);
            Assert.True(previous.Entry.Superseded);
            Assert.Equal(240, RestorePlanner.FindTarget(_repo, previous, null).Dbid);
        }

        [Fact]
        public void DuplicateAndCaseOnlyNamesEachKeepTheirOwnRollbackPoint()
        {
            var a = _repo.GetApplication(240);
            var twin = a.Clone();
            twin.Name = "ors_dc1_1";
            var twin2 = a.Clone();
            twin2.Dbid = 777;
            var exports = new[] { a, twin, twin2 }.Select(x => ExportOne(x)).ToList();
            Assert.Equal(3, exports.Select(x => x.Path.ToUpperInvariant()).Distinct().Count());
            Assert.Equal(3, ExportManifest.Load(_backup).Entries.Count());
            foreach (var x in exports)
            {
                var entry = RestoreSource.Load(x.Path, true, false).Entry;
                Assert.Equal(x.ApplicationDbid, entry.ApplicationDbid);
                Assert.Equal(x.ApplicationName, entry.ApplicationName);
            }
        }

        [Theory]
        [InlineData("CON")]
        [InlineData("nul")]
        [InlineData("com1")]
        [InlineData("LPT9.old")]
        [InlineData("ORS[1]")]
        public void ReservedAndOddNamesExportToPortableFiles(string name)
        {
            var app = _repo.GetApplication(240).Clone();
            app.Name = name;
            var export = ExportOne(app);
            Assert.False(ExportFileName.IsDeviceName(Path.GetFileName(export.Path)));
            Assert.Equal(name, RestoreSource.Load(export.Path, true, false).Entry.ApplicationName);
        }

        [Fact]
        public void AVeryLongNameIsExported()
        {
            var app = _repo.GetApplication(240).Clone();
            app.Name = new string('A', 240);
            var export = ExportOne(app);
            Assert.True(Path.GetFileName(export.SnapshotPath).Length < 120);
            Assert.Equal(app.Name, RestoreSource.Load(export.Path, true, false).Entry.ApplicationName);
        }

        [Fact]
        public void OrphanFilesOfAnotherContentAreNeverOverwritten()
        {
            File.WriteAllText(Path.Combine(_backup, "ORS_DC1_1.cfg"), "[x]\r\ny=1\r\n");
            var export = ExportOne(_repo.GetApplication(240));
            Assert.Equal("[x]\r\ny=1\r\n", File.ReadAllText(Path.Combine(_backup, "ORS_DC1_1.cfg")));
            Assert.EndsWith("ORS_DC1_1_dbid240.cfg", export.Path);
        }

        [Fact]
        public void ADanglingLinkInTheLockFilesPlaceIsRefused()
        {
            string outside = Path.Combine(TestPaths.NewTempDir(), "created-outside");
            TestPaths.CreateSymbolicLink(Path.Combine(_backup, ".orsmigration.lock"), outside);
            var e = Assert.Throws<OrsException>(() => ExportOne(_repo.GetApplication(240)));
            Assert.Equal("OrsMigration.LockFileIsLink", e.ErrorId);
            Assert.False(File.Exists(outside));
        }

        [Fact]
        public void WithoutAnEntryOnlyTheExactNameDecides()
        {
            var export = ExportOne(_repo.GetApplication(240));
            string copy = Path.Combine(_backup, "ORS_DC1_2.cfg");
            File.Copy(export.Path, copy);
            Assert.Equal(241, RestorePlanner.FindTarget(_repo, RestoreSource.Load(copy, false, false), null).Dbid);
            string lower = Path.Combine(_backup, "ors_dc1_2.cfg");
            File.Copy(export.Path, lower);
            var e = Assert.Throws<OrsException>(() => RestorePlanner.FindTarget(_repo, RestoreSource.Load(lower, false, false), null));
            Assert.Equal("OrsMigration.RestoreTargetNotFound", e.ErrorId);
        }

        [Fact]
        public void AnotherApplicationNeedsTheExplicitChoiceAndUnknownNamesAreClearErrors()
        {
            var export = ExportOne(_repo.GetApplication(240));
            var source = RestoreSource.Load(export.Path, true, false);
            Assert.Equal(240, RestorePlanner.FindTarget(_repo, source, "ORS_DC1_1").Dbid);
            Assert.Equal("OrsMigration.RestoreTargetMismatch",
                Assert.Throws<OrsException>(() => RestorePlanner.FindTarget(_repo, source, "ORS_DC1_2")).ErrorId);
            Assert.Equal(241, RestorePlanner.FindTarget(_repo, source, "ORS_DC1_2", allowOther: true).Dbid);
            var e = Assert.Throws<OrsException>(() => RestorePlanner.FindTarget(_repo, source, "NoSuchApp", allowOther: true));
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
        public void UnsafeNamesGetTheirDbidAndNeverCollide()
        {
            Assert.NotEqual(ExportFileName.Preferred("ORS/1", 1), ExportFileName.Preferred("ORS:1", 2));
            Assert.Equal("ORS_1_dbid1", ExportFileName.Preferred("ORS/1", 1));
            Assert.Equal("ORS_DC1_1", ExportFileName.Preferred("ORS_DC1_1", 3));
            Assert.Equal("CON_x_dbid4", ExportFileName.Preferred("CON.x", 4));
        }

        [Fact]
        public void AnOptionTheFormatCannotHoldStopsTheExportBeforeAnyFileIsWritten()
        {
            var app = _repo.GetApplication(240);
            app.Options.Set("orchestration", "bad", "two\nlines");
            var e = Assert.Throws<OrsException>(() => ExportOne(app));
            Assert.Equal("OrsMigration.ExportValueInvalid", e.ErrorId);
            Assert.Contains("orchestration/bad", e.Message);
            Assert.Empty(Directory.GetFiles(_backup));
        }

        [Fact]
        public void TwoExportSessionsIntoOneFolderKeepEachOthersEntries()
        {
            using (var one = new ExportFolder(_backup))
            {
                one.Export(_repo.GetApplication(240), CfgFlavor.Cfg, ExistingExport.Refuse);
                one.Flush();
            }
            ExportOne(_repo.GetApplication(241));
            Assert.Equal(2, ExportManifest.Load(_backup).Entries.Count());
        }
    }
}
