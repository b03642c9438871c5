using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OrsMigration.Cfg;
using OrsMigration.Config;
using OrsMigration.Export;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>
    /// The manifest kept in scratch files: every rollback point still found exactly, damage still kept.
    /// </summary>
    public class ExportManifestTests
    {
        private readonly string _backup = TestPaths.NewTempDir();
        private readonly ConfigRepository _repo =
            new ConfigRepository(new FileConfigStore(TestPaths.CopyOfSample("ors-812")));

        /// <summary>Values as written: a date read as a date comes back changed and breaks its seal.</summary>
        private JObject ReadManifest() =>
            JObject.Load(new JsonTextReader(new StringReader(File.ReadAllText(ManifestPath)))
                { DateParseHandling = DateParseHandling.None });

        private string ManifestPath => Path.Combine(_backup, ExportManifest.FileName);

        private OrsApplication Twin(int dbid, string name)
        {
            var app = _repo.GetApplication(240).Clone();
            app.Dbid = dbid;
            app.Name = name;
            return app;
        }

        // Pairs that differ only in letter case, so every name is also a case-folded near miss of another.
        private static string NameOf(int i) => (i % 2 == 0 ? "ORS_" : "ors_") + (i / 2);

        private OrsConfigExport[] ExportMany(int count)
        {
            using (var folder = new ExportFolder(_backup))
                return Enumerable.Range(0, count)
                    .Select(i => folder.Export(Twin(1000 + i, NameOf(i)), CfgFlavor.Cfg, ExistingExport.Refuse))
                    .ToArray();
        }

        [Fact]
        public void ThousandsOfExportsAreEachFoundByDbidAndExactName()
        {
            var written = ExportMany(1500);
            Assert.Equal(3000, written.SelectMany(e => new[] { e.Path, e.SnapshotPath })
                .Select(p => p.ToUpperInvariant()).Distinct().Count());
            using (var manifest = ExportManifest.Load(_backup))
            {
                Assert.Equal(1500, manifest.Entries.Count());
                for (int i = 0; i < 1500; i++)
                {
                    var entry = manifest.FindApplication(1000 + i, NameOf(i));
                    Assert.Equal(written[i].Path, entry.Path);
                    Assert.Equal(written[i].Sha256, entry.Sha256);
                    Assert.Null(manifest.FindApplication(1000 + i, NameOf(i).ToUpperInvariant() + "x"));
                    Assert.Equal(entry.SnapshotPath, manifest.Find(entry.Path).SnapshotPath);
                    Assert.True(manifest.Names(Path.GetFileName(entry.SnapshotPath).ToUpperInvariant()));
                }
                Assert.False(manifest.Names("ORS_750.cfg"));
            }
            Assert.Equal(1500, ((JArray)ReadManifest()["exports"]).Count);
            Assert.All(ExportMany(1500), e => Assert.Equal(ExportOutcome.Unchanged, e.Outcome));
        }

        [Fact]
        public void TwoEntriesForOneFileAreBothDamagedKeptAndTheirNameIsNotReused()
        {
            var first = ExportMany(2)[0];
            var json = ReadManifest();
            var exports = (JArray)json["exports"];
            exports.Add(exports.First(e => (string)e["file"] == Path.GetFileName(first.Path)).DeepClone());
            File.WriteAllText(ManifestPath, json.ToString());
            using (var manifest = ExportManifest.Load(_backup))
            {
                var e = Assert.Throws<OrsException>(() => manifest.Find(first.Path));
                Assert.Equal("OrsMigration.ManifestEntryInvalid", e.ErrorId);
                Assert.Contains("names this file twice", e.Message);
                Assert.Null(manifest.FindApplication(1000, NameOf(0)));
                Assert.NotNull(manifest.FindApplication(1001, NameOf(1)));
            }
            OrsConfigExport again;
            using (var folder = new ExportFolder(_backup))
                again = folder.Export(Twin(1000, NameOf(0)), CfgFlavor.Cfg, ExistingExport.Refuse);
            Assert.NotEqual(first.Path, again.Path);
            var saved = ((JArray)ReadManifest()["exports"])
                .Select(x => (string)x["file"]).ToList();
            Assert.Equal(2, saved.Count(f => f == Path.GetFileName(first.Path)));
            Assert.Equal(4, saved.Count());
        }

        [Theory]
        [InlineData("truncated")]
        [InlineData("exports twice")]
        [InlineData("text after")]
        [InlineData("not an object")]
        public void AManifestThatIsNotOneWholeJsonObjectIsRefused(string flaw)
        {
            ExportMany(3);
            string text = File.ReadAllText(ManifestPath);
            switch (flaw)
            {
                case "truncated": text = text.Substring(0, text.Length * 2 / 3); break;
                case "exports twice": text = text.Replace("\"module\":", "\"exports\": [],\n  \"module\":"); break;
                case "text after": text += "{}"; break;
                default: text = "[" + text + "]"; break;
            }
            File.WriteAllText(ManifestPath, text);
            var e = Assert.Throws<OrsException>(() => ExportManifest.Load(_backup));
            Assert.Equal("OrsMigration.ManifestInvalid", e.ErrorId);
            using (var folder = new ExportFolder(_backup))
                for (int i = 0; i < 2; i++)
                    Assert.Equal("OrsMigration.ManifestInvalid", Assert.Throws<OrsException>(() =>
                        folder.Export(Twin(1000, NameOf(0)), CfgFlavor.Cfg, ExistingExport.Replace)).ErrorId);
            Assert.Equal(text, File.ReadAllText(ManifestPath));
        }

        [Fact]
        public void AManifestWithAByteOrderMarkAndCommentsIsRead()
        {
            var written = ExportMany(2);
            string text = "// written by another tool\n" + File.ReadAllText(ManifestPath).Replace("\"exports\":",
                "/* the entries */ \"exports\":");
            File.WriteAllText(ManifestPath, text, new UTF8Encoding(true));
            using (var manifest = ExportManifest.Load(_backup))
                Assert.Equal(written[1].Sha256, manifest.FindApplication(1001, NameOf(1)).Sha256);
        }

        [Fact]
        public void TheCachedManifestIsReadAgainWhenItChangesOrAnotherKeyIsAsked()
        {
            var written = ExportMany(3);
            using (var cache = new ManifestCache())
            {
                Assert.Equal(written[0].Sha256, cache.Find(written[0].Path, null).Sha256);
                Assert.Equal(written[2].Sha256, cache.Find(written[2].Path, null).Sha256);
                var changed = Twin(1000, NameOf(0));
                changed.Options.Set("orchestration", "mcr-pull-limit", "77");
                OrsConfigExport replaced;
                using (var folder = new ExportFolder(_backup))
                    replaced = folder.Export(changed, CfgFlavor.Cfg, ExistingExport.Replace);
                Assert.Equal(written[0].Path, replaced.Path);
                Assert.Equal(replaced.Sha256, cache.Find(written[0].Path, null).Sha256);
                Assert.True(cache.Find(replaced.PreviousPath, null).Superseded);
                var key = Integrity.IntegrityKey.FromSecret("not the key it was sealed with");
                Assert.Equal("OrsMigration.ManifestEntryInvalid",
                    Assert.Throws<OrsException>(() => cache.Find(written[1].Path, key)).ErrorId);
            }
        }

        /// <summary>The records' scratch space filling up after a number of bytes, as a full disk would.</summary>
        private sealed class RecordsFillUp : Util.ScratchSpace
        {
            public override Stream NewStream(int memoryLimit, int fileBufferSize) =>
                memoryLimit == ManifestRecords.MemoryLimit ? new FullAfter(30000)
                    : base.NewStream(memoryLimit, fileBufferSize);
        }

        private sealed class FullAfter : MemoryStream
        {
            private readonly int _limit;
            public FullAfter(int limit) { _limit = limit; }

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (Position + count > _limit) throw new IOException("There is not enough space on the disk.");
                base.Write(buffer, offset, count);
            }
        }

        [Fact]
        public void WhenTheScratchSpaceFillsUpMidRunTheSavedManifestAndEveryRollbackPointStayAsTheyWere()
        {
            var before = ExportMany(3);
            byte[] saved = File.ReadAllBytes(ManifestPath);
            var errors = new System.Collections.Generic.List<string>();
            using (var folder = new ExportFolder(_backup, null, new RecordsFillUp()))
            {
                var changed = Twin(1000, NameOf(0));
                changed.Options.Set("orchestration", "mcr-pull-limit", "77");
                for (int i = 3; i < 300; i++)
                {
                    var app = i == 200 ? changed : Twin(1000 + i, NameOf(i));
                    try { folder.Export(app, CfgFlavor.Cfg, ExistingExport.Replace); }
                    catch (OrsException e) { errors.Add(e.ErrorId); }
                }
                Assert.Equal("OrsMigration.ManifestNotKept", Assert.Throws<OrsException>(() => folder.Flush()).ErrorId);
            }
            Assert.NotEmpty(errors);
            Assert.All(errors, id => Assert.Equal("OrsMigration.ManifestNotKept", id));
            Assert.Equal(saved, File.ReadAllBytes(ManifestPath));
            foreach (var e in before)
                Assert.Equal(e.Sha256, RestoreSource.Load(e.Path, true, false).Entry.Sha256);
            // Exported again, the files written after the last save are taken over, not left beside new ones.
            using (var folder = new ExportFolder(_backup))
                for (int i = 3; i < 300; i++)
                    folder.Export(Twin(1000 + i, NameOf(i)), CfgFlavor.Cfg, ExistingExport.Refuse);
            using (var manifest = ExportManifest.Load(_backup))
            {
                Assert.Equal(300, manifest.Entries.Count());
                Assert.Equal(300, Directory.GetFiles(_backup, "*.cfg").Length);
                Assert.Equal(before[0].Sha256, manifest.FindApplication(1000, NameOf(0)).Sha256);
            }
        }
    }
}
