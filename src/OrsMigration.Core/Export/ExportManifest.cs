using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OrsMigration.Config;
using OrsMigration.Util;

namespace OrsMigration.Export
{
    /// <summary>
    /// manifest.json of an export folder: one entry per exported .cfg with the hashes Restore
    /// checks before it writes anything. Saving merges with what is on disk under a folder lock,
    /// so two shells exporting into one folder keep each other's entries.
    /// </summary>
    public sealed class ExportManifest
    {
        public const string FileName = "manifest.json";
        private readonly Dictionary<string, OrsConfigExport> _entries = new Dictionary<string, OrsConfigExport>(StringComparer.OrdinalIgnoreCase);

        private ExportManifest(string folder) { Folder = folder; }

        public string Folder { get; }
        public string PathName => Path.Combine(Folder, FileName);
        public IEnumerable<OrsConfigExport> Entries => _entries.Values;

        public static ExportManifest Load(string folder)
        {
            var manifest = new ExportManifest(Path.GetFullPath(folder));
            foreach (var e in ReadEntries(manifest.PathName, manifest.Folder))
                manifest._entries[Path.GetFileName(e.Path)] = e;
            return manifest;
        }

        public OrsConfigExport Find(string cfgPath) =>
            _entries.TryGetValue(Path.GetFileName(cfgPath), out var e) ? e : null;

        /// <summary>Adds or replaces entries and writes the manifest, merged with what another process may have saved meanwhile.</summary>
        public void Save(IEnumerable<OrsConfigExport> entries)
        {
            var list = entries.ToList();
            if (list.Count == 0) return;
            Directory.CreateDirectory(Folder);
            using (StoreLock.Acquire(Folder, TimeSpan.FromSeconds(30), "The export folder"))
            {
                foreach (var e in ReadEntries(PathName, Folder)) _entries[Path.GetFileName(e.Path)] = e;
                foreach (var e in list) _entries[Path.GetFileName(e.Path)] = e;
                AtomicFile.WriteAllBytes(PathName, Serialize());
            }
        }

        private byte[] Serialize()
        {
            var exports = new JArray(_entries.Values.OrderBy(e => e.ApplicationName, StringComparer.OrdinalIgnoreCase).Select(e => new JObject
            {
                ["applicationName"] = e.ApplicationName,
                ["applicationDbid"] = e.ApplicationDbid,
                ["version"] = e.Version,
                ["file"] = Path.GetFileName(e.Path),
                ["sha256"] = e.Sha256,
                ["snapshotFile"] = Path.GetFileName(e.SnapshotPath),
                ["snapshotSha256"] = e.SnapshotSha256,
                ["exportedAt"] = e.ExportedAt.ToString("o"),
                ["source"] = e.Source,
            }));
            var doc = new JObject { ["formatVersion"] = 1, ["module"] = "OrsMigration", ["exports"] = exports };
            return new UTF8Encoding(false).GetBytes(doc.ToString(Formatting.Indented) + "\n");
        }

        private static IEnumerable<OrsConfigExport> ReadEntries(string path, string folder)
        {
            if (!File.Exists(path)) return Enumerable.Empty<OrsConfigExport>();
            JObject doc;
            try { doc = Json.ParseObject(File.ReadAllText(path, Encoding.UTF8)); }
            catch (JsonException e)
            {
                throw new OrsException("ManifestInvalid", OrsErrorKind.InvalidData,
                    $"The export manifest '{path}' is damaged ({e.Message}); exports in that folder cannot be verified. Export again into a new folder.", path, e);
            }
            return (doc["exports"] as JArray ?? new JArray()).OfType<JObject>().Select(j => ToEntry(j, folder, path)).ToList();
        }

        private static OrsConfigExport ToEntry(JObject j, string folder, string manifestPath)
        {
            string file = (string)j["file"], snapshot = (string)j["snapshotFile"];
            return new OrsConfigExport
            {
                ApplicationName = (string)j["applicationName"],
                ApplicationDbid = (int?)j["applicationDbid"] ?? 0,
                Version = (string)j["version"],
                Path = file == null ? null : Path.Combine(folder, file),
                Sha256 = (string)j["sha256"],
                SnapshotPath = snapshot == null ? null : Path.Combine(folder, snapshot),
                SnapshotSha256 = (string)j["snapshotSha256"],
                ExportedAt = DateTimeOffset.TryParse((string)j["exportedAt"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var t) ? t : default,
                Source = (string)j["source"],
                ManifestPath = manifestPath,
            };
        }
    }
}
