using System;
using System.IO;
using OrsMigration.Cfg;
using OrsMigration.Config;
using OrsMigration.Integrity;
using OrsMigration.Util;

namespace OrsMigration.Export
{
    /// <summary>
    /// An export file made ready for a restore: its integrity checked against the manifest,
    /// its options parsed, and (for -IncludeObject) its snapshot loaded. Nothing is written
    /// until all of that has succeeded.
    /// </summary>
    public sealed class RestoreSource
    {
        private RestoreSource() { }

        public string Path { get; private set; }
        public CfgDocument Document { get; private set; }
        /// <summary>
        /// The manifest entry of the file, or null when integrity checking was skipped and there is none.
        /// </summary>
        public OrsConfigExport Entry { get; private set; }
        /// <summary>
        /// What the restore should say before it writes (the encoding a file was read with when it was not UTF-8).
        /// </summary>
        public System.Collections.Generic.List<string> Warnings { get; } =
            new System.Collections.Generic.List<string>();
        /// <summary>The whole object as exported, when asked for; null otherwise.</summary>
        public OrsApplication Snapshot { get; private set; }

        /// <summary>
        /// With a cache, a pipeline of files from one folder reads its manifest once (ManifestCache).
        /// </summary>
        public static RestoreSource Load(string cfgPath, bool checkIntegrity, bool includeObject,
            IntegrityKey key = null, ManifestCache manifests = null)
        {
            string path = System.IO.Path.GetFullPath(cfgPath);
            if (!File.Exists(path))
                throw new OrsException("ExportNotFound", OrsErrorKind.NotFound, $"The export file '{path}' does not " +
                    "exist.", path);
            var entry = FindEntry(path, checkIntegrity, key, manifests);
            if (checkIntegrity) Verify(path, entry, e => e.Sha256, "options file");
            var source = new RestoreSource { Path = path, Entry = entry, Document = Parse(path) };
            if (source.Document.Encoding == CfgEncoding.Windows1252)
                source.Warnings.Add($"'{path}' is not UTF-8; it was read as Windows-1252 (what Configuration " +
                    "Manager writes on Windows). " +
                                    "Check non-ASCII values after the restore.");
            if (includeObject) source.Snapshot = LoadSnapshot(path, entry, checkIntegrity);
            return source;
        }

        /// <summary>
        /// The file's manifest entry. A damaged entry stops the restore; with -SkipIntegrityCheck
        /// it is ignored instead (its DBID and name cannot be believed either).
        /// </summary>
        private static OrsConfigExport FindEntry(string path, bool checkIntegrity, IntegrityKey key,
            ManifestCache manifests)
        {
            try
            {
                if (manifests != null) return manifests.Find(path, key);
                using (var once = new ManifestCache()) return once.Find(path, key);
            }
            catch (OrsException) when (!checkIntegrity) { return null; }
        }

        private static CfgDocument Parse(string path)
        {
            try { return CfgReader.ReadFile(path); }
            catch (CfgFormatException e) { throw new OrsException("CfgInvalid", OrsErrorKind.ParserError, e.Message, path, e); }
        }

        private static void Verify(string path, OrsConfigExport entry, Func<OrsConfigExport, string> expected, string what)
        {
            if (entry == null || string.IsNullOrEmpty(expected(entry)))
                throw new OrsException("ExportNotVerifiable", OrsErrorKind.InvalidData,
                    $"'{path}' has no entry in the export manifest ({ExportManifest.FileName} beside it), so it " +
                    "cannot be checked for damage. " +
                    "Restore only exports made by Export-OrsConfig, or add -SkipIntegrityCheck if you have checked " +
                    "the file yourself.", path);
            string actual = AtomicFile.Sha256OfFile(path);
            if (!string.Equals(actual, expected(entry), StringComparison.OrdinalIgnoreCase))
                throw new OrsException("ExportIntegrityFailed", OrsErrorKind.InvalidData,
                    $"The {what} '{path}' is damaged or was edited after it was exported (SHA-256 {actual} differs " +
                    $"from {expected(entry)} in the manifest). " +
                    "Nothing was written. Restore from an intact export, or add -SkipIntegrityCheck if the change " +
                    "is intended.", path);
        }

        private static OrsApplication LoadSnapshot(string cfgPath, OrsConfigExport entry, bool checkIntegrity)
        {
            string snapshot = entry?.SnapshotPath ?? System.IO.Path.ChangeExtension(cfgPath, null) + ".snapshot.json";
            if (!File.Exists(snapshot))
                throw new OrsException("SnapshotNotFound", OrsErrorKind.NotFound,
                    $"-IncludeObject needs the snapshot '{snapshot}' of the export, and it is missing. Restore " +
                    "without -IncludeObject, or from a complete export.", snapshot);
            if (checkIntegrity) Verify(snapshot, entry, e => e.SnapshotSha256, "snapshot");
            JObjectLoad(snapshot, out var obj);
            return ApplicationMapper.FromObject(obj, null, null, snapshot);
        }

        private static void JObjectLoad(string snapshot, out CfgObject obj)
        {
            try
            {
                var json = Json.ParseObject(System.Text.Encoding.UTF8.GetString(AtomicFile.ReadAllBytes(snapshot)));
                obj = new CfgObject(CfgTypes.Application, ApplicationMapper.Int(json, "dbid"), json, null);
            }
            catch (Newtonsoft.Json.JsonException e)
            {
                throw new OrsException("SnapshotInvalid", OrsErrorKind.InvalidData, $"The snapshot '{snapshot}' is " +
                    $"not valid JSON: {e.Message}", snapshot, e);
            }
        }
    }
}
