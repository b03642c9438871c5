using System;
using System.IO;
using OrsMigration.Integrity;

namespace OrsMigration.Export
{
    /// <summary>
    /// The last export manifest read, kept for the next file of the same folder, so restoring every file of a
    /// folder of thousands reads its manifest once, not once per file. It is read again whenever manifest.json
    /// has changed (length or time written), another folder or key is asked for; only one is held, so memory
    /// stays that of one manifest. A manifest changed within the file system's time resolution and to the same
    /// length could be missed: its entries then disagree with the files' SHA-256 and the restore refuses.
    /// </summary>
    public sealed class ManifestCache : IDisposable
    {
        private ExportManifest _manifest;
        private IntegrityKey _key;
        private (long Length, DateTime Written) _stamp;

        /// <summary>The entry of an export file (ExportManifest.Find), from its manifest as it is now.</summary>
        public OrsConfigExport Find(string cfgPath, IntegrityKey key) => ManifestOf(cfgPath, key).Find(cfgPath);

        public void Dispose()
        {
            _manifest?.Dispose();
            _manifest = null;
        }

        private ExportManifest ManifestOf(string cfgPath, IntegrityKey key)
        {
            string folder = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(cfgPath)));
            var stamp = StampOf(Path.Combine(folder, ExportManifest.FileName));
            if (_manifest != null && _manifest.Folder == folder && ReferenceEquals(_key, key) && _stamp == stamp)
                return _manifest;
            Dispose();
            _manifest = ExportManifest.Load(folder, key);
            _key = key;
            _stamp = StampOf(_manifest.PathName);
            return _manifest;
        }

        private static (long, DateTime) StampOf(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? (file.Length, file.LastWriteTimeUtc) : (-1, DateTime.MinValue);
        }
    }
}
