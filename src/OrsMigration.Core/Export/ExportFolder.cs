using System;
using System.Collections.Generic;
using System.IO;
using OrsMigration.Cfg;
using OrsMigration.Config;
using OrsMigration.Integrity;
using OrsMigration.Util;

namespace OrsMigration.Export
{
    /// <summary>What an export does when the Application already has a rollback point with other content.</summary>
    public enum ExistingExport
    {
        /// <summary>Error OrsMigration.ExportExists; the rollback point stays as it is.</summary>
        Refuse,
        /// <summary>Keep the rollback point and return it (-SkipExisting, and every resumed upgrade run).</summary>
        Keep,
        /// <summary>Keep it under a time-stamped name and write the new one (-Force).</summary>
        Replace
    }

    /// <summary>
    /// Writes rollback points into one export folder: &lt;name&gt;.cfg (or .conf) and
    /// &lt;name&gt;.snapshot.json per Application, recorded in manifest.json. Holds the folder's
    /// lock from the first export until disposed, so its view of names and entries stays true.
    /// A rollback point is never replaced with different content except by ExistingExport.Replace,
    /// which keeps the previous one beside it.
    /// </summary>
    public sealed class ExportFolder : IDisposable
    {
        private readonly IntegrityKey _key;
        private readonly ScratchSpace _space;
        private IDisposable _lock;
        private ExportManifest _manifest;
        // Every name in the folder, any letter case, kept like the manifest's indexes. Unchecked: two names with
        // one 64-bit hash would only make a free name look taken, and the next candidate is used.
        private DiskHashIndex _names;
        private bool _dirty;

        public ExportFolder(string folder, IntegrityKey key = null) : this(folder, key, null) { }

        internal ExportFolder(string folder, IntegrityKey key, ScratchSpace space)
        {
            Folder = Path.GetFullPath(folder);
            _key = key;
            _space = space;
        }

        public string Folder { get; }

        public OrsConfigExport Export(OrsApplication app, CfgFlavor flavor, ExistingExport existing)
        {
            var rendered = Render(app, flavor);
            Open();
            var prior = _manifest.FindApplication(app.Dbid, app.Name);
            if (prior == null) return WriteNew(app, rendered);
            if (rendered.Matches(prior) && Path.GetExtension(prior.Path) == rendered.Extension)
                return Intact(prior) ? With(prior, ExportOutcome.Unchanged) : Rewrite(prior, rendered);
            switch (existing)
            {
                case ExistingExport.Keep: return With(prior, ExportOutcome.Kept);
                case ExistingExport.Replace: return Replace(app, prior, rendered);
                default:
                    throw new OrsException("ExportExists", OrsErrorKind.ResourceExists,
                        $"{app.Label} already has a rollback point at '{prior.Path}' (exported " +
                        $"{prior.ExportedAt:u}) and its " +
                        "options or object differ from it now; the rollback point was kept. Use -SkipExisting to " +
                        "keep it " +
                        "quietly, -Force to keep it under a time-stamped name and export anew, or export into " +
                        "another folder.", app);
            }
        }

        /// <summary>Writes the manifest if anything changed; the lock stays held.</summary>
        public void Flush()
        {
            if (!_dirty) return;
            _manifest.SaveLocked();
            _dirty = false;
        }

        public void Dispose()
        {
            // A manifest not kept has said so on the export that failed and on every one since; the last whole
            // state stays in manifest.json.
            try { if (_lock != null && !_manifest.NotKept) Flush(); }
            finally
            {
                _manifest?.Dispose();
                _names?.Dispose();
                _lock?.Dispose();
                _lock = null;
            }
        }

        private void Open()
        {
            if (_lock != null) return;
            Directory.CreateDirectory(Folder);
            var folderLock = StoreLock.Acquire(Folder, StoreLock.DefaultTimeout, "The export folder");
            try
            {
                AtomicFile.RemoveStaleTemporaries(Folder);
                _manifest = ExportManifest.LoadLocked(Folder, _key, _space);
                _names = new DiskHashIndex(StringComparer.OrdinalIgnoreCase, _space);
                foreach (var f in Directory.EnumerateFileSystemEntries(Folder)) _names.Add(Path.GetFileName(f), 0);
            }
            catch
            {
                // Not opened: the next export tries again and meets the same clear error, not a half-open folder.
                _manifest?.Dispose();
                _names?.Dispose();
                folderLock.Dispose();
                throw;
            }
            _lock = folderLock;
        }

        private OrsConfigExport WriteNew(OrsApplication app, Rendered rendered)
        {
            string baseName = ChooseBaseName(app, rendered);
            var export = Entry(app, baseName, rendered);
            WriteFiles(export, rendered);
            return Record(export, ExportOutcome.Written);
        }

        /// <summary>
        /// The preferred name unless any file or entry of the folder has it in any letter case;
        /// then the name with the DBID, then with a counter. Files left by a crashed export of the
        /// same content are taken over; files of other content are never touched.
        /// </summary>
        private string ChooseBaseName(OrsApplication app, Rendered rendered)
        {
            foreach (var candidate in Candidates(app))
            {
                string cfg = candidate + rendered.Extension, snapshot = candidate + ".snapshot.json";
                if (!Taken(cfg) && !Taken(snapshot)) return candidate;
                if (!_manifest.Names(cfg) && !_manifest.Names(snapshot) && rendered.SameAsFiles(Folder, cfg, snapshot))
                    return candidate;
            }
            throw new OrsException("ExportNameUnavailable", OrsErrorKind.ResourceExists,
                $"No free file name for {app.Label} in '{Folder}'; export into another folder.", app);
        }

        private static IEnumerable<string> Candidates(OrsApplication app)
        {
            string preferred = ExportFileName.Preferred(app.Name,
                app.Dbid), withDbid = ExportFileName.WithDbid(app.Name, app.Dbid);
            yield return preferred;
            if (withDbid != preferred) yield return withDbid;
            for (int i = 2; i < 100; i++) yield return withDbid + "_" + i;
        }

        private bool Taken(string fileName) =>
            _names.Find(fileName).Count > 0 || _manifest.Names(fileName);

        private OrsConfigExport Rewrite(OrsConfigExport prior, Rendered rendered)
        {
            // The files were damaged or deleted; the entry says what they held, and that is what we hold now.
            WriteFiles(prior, rendered);
            return With(prior, ExportOutcome.Written);
        }

        private OrsConfigExport Replace(OrsApplication app, OrsConfigExport prior, Rendered rendered)
        {
            string stamp = "." + prior.ExportedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'");
            string baseName = Path.GetFileNameWithoutExtension(prior.Path);
            string oldCfg = Path.Combine(Folder, baseName + stamp + Path.GetExtension(prior.Path));
            string oldSnapshot = Path.Combine(Folder, baseName + stamp + ".snapshot.json");
            if (Taken(Path.GetFileName(oldCfg)) || Taken(Path.GetFileName(oldSnapshot)))
                throw new OrsException("ExportExists", OrsErrorKind.ResourceExists,
                    $"The previous rollback point of {app.Label} cannot be kept as '{oldCfg}': that name is taken. " +
                    "Nothing was written.", app);
            var kept = Clone(prior);
            kept.Path = oldCfg;
            kept.SnapshotPath = oldSnapshot;
            kept.Superseded = true;
            // The manifest names the kept files before they move, so a crash leaves them findable.
            _manifest.Remove(prior);
            _manifest.Put(kept);
            _manifest.SaveLocked();
            AtomicFile.Retry(() => File.Move(prior.Path, oldCfg));
            AtomicFile.Retry(() => File.Move(prior.SnapshotPath, oldSnapshot));
            _names.Add(Path.GetFileName(oldCfg), 0);
            _names.Add(Path.GetFileName(oldSnapshot), 0);
            var export = Entry(app, baseName, rendered);
            WriteFiles(export, rendered);
            export.PreviousPath = oldCfg;
            return Record(export, ExportOutcome.Replaced);
        }

        private void WriteFiles(OrsConfigExport export, Rendered rendered)
        {
            // Names taken before the files are written: if the export fails between them, no later export of
            // this session takes those names for other content.
            _names.Add(Path.GetFileName(export.Path), 0);
            _names.Add(Path.GetFileName(export.SnapshotPath), 0);
            AtomicFile.WriteAllBytes(export.Path, rendered.Cfg);
            AtomicFile.WriteAllBytes(export.SnapshotPath, rendered.Snapshot);
        }

        private OrsConfigExport Record(OrsConfigExport export, ExportOutcome outcome)
        {
            _manifest.Put(export);
            _dirty = true;
            return With(export, outcome);
        }

        private static bool Intact(OrsConfigExport e) =>
            File.Exists(e.Path) && File.Exists(e.SnapshotPath)
            && AtomicFile.Sha256OfFile(e.Path) == e.Sha256
                && AtomicFile.Sha256OfFile(e.SnapshotPath) == e.SnapshotSha256;

        private OrsConfigExport Entry(OrsApplication app, string baseName, Rendered rendered) => new OrsConfigExport
        {
            Path = Path.Combine(Folder, baseName + rendered.Extension),
            SnapshotPath = Path.Combine(Folder, baseName + ".snapshot.json"),
            ManifestPath = _manifest.PathName,
            ApplicationName = app.Name,
            ApplicationDbid = app.Dbid,
            Version = app.Version,
            Sha256 = rendered.CfgSha256,
            SnapshotSha256 = rendered.SnapshotSha256,
            ExportedAt = DateTimeOffset.UtcNow,
            Source = app.Source,
        };

        private static OrsConfigExport With(OrsConfigExport e, ExportOutcome outcome)
        {
            var copy = Clone(e);
            copy.Outcome = outcome;
            return copy;
        }

        private static OrsConfigExport Clone(OrsConfigExport e) => (OrsConfigExport)e.MemberwiseCloneExport();

        /// <summary>
        /// Both files rendered before either is written, so a value the .cfg format cannot hold stops the export first.
        /// </summary>
        private static Rendered Render(OrsApplication app, CfgFlavor flavor)
        {
            byte[] cfg;
            try { cfg = CfgWriter.ToBytes(app.Options, flavor, CfgEncoding.Utf8, app.Label); }
            catch (CfgWriteException e)
            {
                throw new OrsException("ExportValueInvalid", OrsErrorKind.InvalidData, e.Message + " Nothing was " +
                    "exported for it.", app, e);
            }
            return new Rendered(cfg, FileConfigStore.Serialize(ApplicationMapper.ToJson(app)),
                flavor == CfgFlavor.Conf ? ".conf" : ".cfg");
        }

        private sealed class Rendered
        {
            public Rendered(byte[] cfg, byte[] snapshot, string extension)
            {
                Cfg = cfg;
                Snapshot = snapshot;
                Extension = extension;
                CfgSha256 = AtomicFile.Sha256Hex(cfg);
                SnapshotSha256 = AtomicFile.Sha256Hex(snapshot);
            }

            public byte[] Cfg { get; }
            public byte[] Snapshot { get; }
            public string Extension { get; }
            public string CfgSha256 { get; }
            public string SnapshotSha256 { get; }

            public bool Matches(OrsConfigExport e) => e.Sha256 == CfgSha256 && e.SnapshotSha256 == SnapshotSha256;

            public bool SameAsFiles(string folder, string cfg, string snapshot)
            {
                string c = Path.Combine(folder, cfg), s = Path.Combine(folder, snapshot);
                return File.Exists(c) && File.Exists(s) && AtomicFile.Sha256OfFile(c) == CfgSha256
                    && AtomicFile.Sha256OfFile(s) == SnapshotSha256;
            }
        }
    }
}
