using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OrsMigration.Config;
using OrsMigration.Integrity;
using OrsMigration.Util;

namespace OrsMigration.Export
{
    /// <summary>
    /// manifest.json of an export folder: one entry per export file, keyed by its exact file name,
    /// each entry sealed over every field it holds (IntegrityKey), each naming only files inside
    /// the folder. An entry that fails any of that is kept as damaged, never trusted.
    /// </summary>
    public sealed class ExportManifest
    {
        public const string FileName = "manifest.json";
        private const int FormatVersion = 2;
        private readonly Dictionary<string, OrsConfigExport> _entries =
            new Dictionary<string, OrsConfigExport>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _damaged = new Dictionary<string, string>(StringComparer.Ordinal);
        // Indexes kept with every change of the entries, so an export of many Applications stays linear:
        // entries per (DBID, name), and how many entries or damaged lines use each file name, any case.
        private readonly Dictionary<(int, string), List<OrsConfigExport>> _byApplication =
            new Dictionary<(int, string), List<OrsConfigExport>>();
        private readonly Dictionary<string, int> _fileNames =
            new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        private ExportManifest(string folder, IntegrityKey key) { Folder = folder; Key = key; }

        public string Folder { get; }
        public IntegrityKey Key { get; }
        public string PathName => Path.Combine(Folder, FileName);
        public IEnumerable<OrsConfigExport> Entries => _entries.Values;

        /// <summary>Reads the manifest under the folder's lock, so a writer's half-done change is never seen.</summary>
        public static ExportManifest Load(string folder, IntegrityKey key = null)
        {
            folder = Path.GetFullPath(folder);
            if (!File.Exists(Path.Combine(folder, FileName))) return new ExportManifest(folder, key);
            using (StoreLock.Acquire(folder, StoreLock.DefaultTimeout, "The export folder"))
                return LoadLocked(folder, key);
        }

        /// <summary>For a caller that already holds the folder's lock.</summary>
        internal static ExportManifest LoadLocked(string folder, IntegrityKey key)
        {
            var manifest = new ExportManifest(Path.GetFullPath(folder), key);
            manifest.Read();
            return manifest;
        }

        /// <summary>The entry of an export file, by its exact name; an entry that failed its checks throws.</summary>
        public OrsConfigExport Find(string cfgPath)
        {
            string name = Path.GetFileName(cfgPath);
            if (_damaged.TryGetValue(name, out var why))
                throw new OrsException("ManifestEntryInvalid", OrsErrorKind.InvalidData,
                    $"The entry for '{name}' in the export manifest '{PathName}' cannot be trusted: {why}. Nothing " +
                    "was written.", cfgPath);
            return _entries.TryGetValue(name, out var e) ? e : null;
        }

        /// <summary>The current (not superseded) export of an Application, matched by DBID and exact name.</summary>
        public OrsConfigExport FindApplication(int dbid, string name) =>
            _byApplication.TryGetValue((dbid, name ?? string.Empty), out var list)
                ? list.Where(e => !e.Superseded).OrderByDescending(e => e.ExportedAt).FirstOrDefault()
                : null;

        /// <summary>Whether a file name is taken in the manifest, ignoring case (Windows and macOS fold it).</summary>
        public bool Names(string fileName) => fileName != null && _fileNames.ContainsKey(fileName);

        internal void Put(OrsConfigExport entry) => SetEntry(Path.GetFileName(entry.Path), entry);

        internal void Remove(OrsConfigExport entry) => RemoveEntry(Path.GetFileName(entry.Path));

        private void SetEntry(string file, OrsConfigExport entry)
        {
            RemoveEntry(file);
            _entries[file] = entry;
            var key = (entry.ApplicationDbid, entry.ApplicationName ?? string.Empty);
            if (!_byApplication.TryGetValue(key, out var list))
                _byApplication[key] = list = new List<OrsConfigExport>();
            list.Add(entry);
            CountName(file, 1);
            CountName(Path.GetFileName(entry.SnapshotPath), 1);
        }

        private void RemoveEntry(string file)
        {
            if (!_entries.TryGetValue(file, out var old)) return;
            _entries.Remove(file);
            var key = (old.ApplicationDbid, old.ApplicationName ?? string.Empty);
            if (_byApplication.TryGetValue(key, out var list) && list.Remove(old) && list.Count == 0)
                _byApplication.Remove(key);
            CountName(file, -1);
            CountName(Path.GetFileName(old.SnapshotPath), -1);
        }

        private void CountName(string name, int delta)
        {
            if (string.IsNullOrEmpty(name)) return;
            _fileNames.TryGetValue(name, out int n);
            if (n + delta <= 0) _fileNames.Remove(name);
            else _fileNames[name] = n + delta;
        }

        /// <summary>Writes the manifest; the caller holds the folder's lock.</summary>
        internal void SaveLocked()
        {
            // Streamed entry by entry: a manifest of 20,000 exports is never one string in memory, so the
            // frequent saves of a long export make no large garbage.
            var ordered = _entries.Values.OrderBy(e => e.ApplicationName, StringComparer.Ordinal)
                .ThenBy(e => e.ApplicationDbid).ThenBy(e => e.ExportedAt);
            AtomicFile.Write(PathName, stream =>
            {
                var text = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
                var json = new JsonTextWriter(text) { Formatting = Formatting.Indented, CloseOutput = false };
                json.WriteStartObject();
                json.WritePropertyName("formatVersion");
                json.WriteValue(FormatVersion);
                json.WritePropertyName("module");
                json.WriteValue("OrsMigration");
                json.WritePropertyName("exports");
                json.WriteStartArray();
                foreach (var entry in ordered) ToJson(entry).WriteTo(json);
                // Entries that failed their checks stay in the file as they were, for whoever investigates.
                foreach (var raw in _rawDamaged) raw.WriteTo(json);
                json.WriteEndArray();
                json.WriteEndObject();
                json.Flush();
                text.Write("\n");
                text.Flush();
            });
        }

        private readonly List<JObject> _rawDamaged = new List<JObject>();

        private JObject ToJson(OrsConfigExport e)
        {
            var j = new JObject
            {
                ["applicationName"] = e.ApplicationName,
                ["applicationDbid"] = e.ApplicationDbid,
                ["version"] = e.Version,
                ["file"] = Path.GetFileName(e.Path),
                ["sha256"] = e.Sha256,
                ["snapshotFile"] = Path.GetFileName(e.SnapshotPath),
                ["snapshotSha256"] = e.SnapshotSha256,
                ["exportedAt"] = e.ExportedAt.ToString("o", CultureInfo.InvariantCulture),
                ["source"] = e.Source,
                ["superseded"] = e.Superseded,
            };
            j["seal"] = IntegrityKey.Seal(Canonical(j), Key);
            return j;
        }

        /// <summary>Every field of an entry, in a fixed order, as the text its seal covers.</summary>
        private static string Canonical(JObject j)
        {
            string[] fields = { "applicationName", "applicationDbid", "version", "file", "sha256", "snapshotFile",
                "snapshotSha256", "exportedAt", "source", "superseded" };
            var text = new StringBuilder("OrsMigration export entry v2\n");
            foreach (var f in fields)
            {
                var token = j[f];
                string value = token == null || token.Type == JTokenType.Null ? "\u2400"
                    : token.Type == JTokenType.Boolean
                    ? ((bool)token ? "true" : "false") : token.ToString(Formatting.None);
                text.Append(f).Append('=').Append(value.Length).Append(':').Append(value).Append('\n');
            }
            return text.ToString();
        }

        private void Read()
        {
            if (!File.Exists(PathName)) return;
            JObject doc;
            try { doc = Json.ParseObject(Encoding.UTF8.GetString(AtomicFile.ReadAllBytes(PathName))); }
            catch (JsonException e)
            {
                throw new OrsException("ManifestInvalid", OrsErrorKind.InvalidData,
                    $"The export manifest '{PathName}' is damaged ({e.Message}); exports in that folder cannot be " +
                    "verified. " +
                    "Export again into a new folder.", PathName, e);
            }
            foreach (var j in (doc["exports"] as JArray ?? new JArray()))
            {
                if (!(j is JObject entry)) continue;
                string file = entry["file"]?.Type == JTokenType.String ? (string)entry["file"] : "(no file name)";
                string why = Problem(entry);
                if (why == null && (_entries.ContainsKey(file) || _damaged.ContainsKey(file))) why = "the manifest " +
                    "names this file twice";
                if (why != null)
                {
                    if (_entries.TryGetValue(file,
                        out var first)) { RemoveEntry(file); _rawDamaged.Add(ToJson(first)); }
                    if (!_damaged.ContainsKey(file)) CountName(file, 1);
                    _damaged[file] = why;
                    _rawDamaged.Add(entry);
                    continue;
                }
                SetEntry(file, ToEntry(entry));
            }
        }

        /// <summary>Null when the entry can be trusted; otherwise why not.</summary>
        private string Problem(JObject j)
        {
            foreach (var f in new[] { "applicationName", "file", "sha256", "snapshotFile", "snapshotSha256" })
                if (j[f]?.Type != JTokenType.String) return $"its field '{f}' is missing or not text";
            if (j["applicationDbid"]?.Type != JTokenType.Integer) return "its field 'applicationDbid' is missing or " +
                "not a number";
            foreach (var f in new[] { "file", "snapshotFile" })
                if (!IsPlainFileName((string)j[f])) return $"its {f} '{(string)j[f]}' is not a plain file name " +
                    "inside the folder";
            return IntegrityKey.Check(Canonical(j), j["seal"]?.Type == JTokenType.String ? (string)j["seal"] : null,
                Key);
        }

        private static bool IsPlainFileName(string name) =>
            name.Length > 0 && name != "." && name != ".." && name.IndexOf('/') < 0 && name.IndexOf('\\') < 0
            && name.IndexOf(':') < 0 && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name != FileName;

        private OrsConfigExport ToEntry(JObject j) => new OrsConfigExport
        {
            ApplicationName = (string)j["applicationName"],
            ApplicationDbid = (int)j["applicationDbid"],
            Version = j["version"]?.Type == JTokenType.String ? (string)j["version"] : null,
            Path = Path.Combine(Folder, (string)j["file"]),
            Sha256 = (string)j["sha256"],
            SnapshotPath = Path.Combine(Folder, (string)j["snapshotFile"]),
            SnapshotSha256 = (string)j["snapshotSha256"],
            ExportedAt = DateTimeOffset.TryParse(j["exportedAt"]?.Type == JTokenType.String ? (string)j["exportedAt"]
                : null,
                CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : default,
            Source = j["source"]?.Type == JTokenType.String ? (string)j["source"] : null,
            Superseded = j["superseded"]?.Type == JTokenType.Boolean && (bool)j["superseded"],
            ManifestPath = PathName,
        };
    }
}
