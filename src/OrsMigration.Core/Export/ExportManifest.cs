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
    /// The entries and their indexes stay in memory up to about 2 MB and move to scratch files past that
    /// (SpillStream), so a folder of 20,000 exports costs the process no more than one of 3,000.
    /// </summary>
    public sealed class ExportManifest : IDisposable
    {
        public const string FileName = "manifest.json";
        private const int FormatVersion = 2;
        private readonly ManifestRecords _records;
        // Record offsets by exact file name (entries and damaged lines), by DBID and exact name (entries), and
        // by file name in any letter case (both files of an entry, a damaged line's file), as Windows and macOS
        // fold it.
        private readonly DiskHashIndex _byFile;
        private readonly DiskHashIndex _byApplication;
        private readonly DiskHashIndex _byAnyCase;
        // Set when a change could not be kept whole (a scratch file failed): from then on nothing is changed or
        // saved, so manifest.json keeps its last whole state, as after a crash.
        private Exception _broken;

        private ExportManifest(string folder, IntegrityKey key, ScratchSpace space)
        {
            Folder = folder;
            Key = key;
            space = space ?? ScratchSpace.Default;
            _records = new ManifestRecords(folder, PathName, space);
            _byFile = new DiskHashIndex(StringComparer.Ordinal, space);
            _byApplication = new DiskHashIndex(StringComparer.Ordinal, space);
            _byAnyCase = new DiskHashIndex(StringComparer.OrdinalIgnoreCase, space);
        }

        public string Folder { get; }
        public IntegrityKey Key { get; }
        public string PathName => Path.Combine(Folder, FileName);

        /// <summary>Read from the scratch file as enumerated; do not change the manifest meanwhile.</summary>
        public IEnumerable<OrsConfigExport> Entries =>
            _records.Offsets().Select(_records.EntryAt).Where(e => e != null);

        /// <summary>Reads the manifest under the folder's lock, so a writer's half-done change is never seen.</summary>
        public static ExportManifest Load(string folder, IntegrityKey key = null)
        {
            folder = Path.GetFullPath(folder);
            if (!File.Exists(Path.Combine(folder, FileName))) return new ExportManifest(folder, key, null);
            using (StoreLock.Acquire(folder, StoreLock.DefaultTimeout, "The export folder"))
                return LoadLocked(folder, key);
        }

        /// <summary>For a caller that already holds the folder's lock.</summary>
        internal static ExportManifest LoadLocked(string folder, IntegrityKey key, ScratchSpace space = null)
        {
            var manifest = new ExportManifest(Path.GetFullPath(folder), key, space);
            try { manifest.Read(); }
            catch
            {
                manifest.Dispose();
                throw;
            }
            return manifest;
        }

        public void Dispose()
        {
            _records.Dispose();
            _byFile.Dispose();
            _byApplication.Dispose();
            _byAnyCase.Dispose();
        }

        /// <summary>The entry of an export file, by its exact name; an entry that failed its checks throws.</summary>
        public OrsConfigExport Find(string cfgPath)
        {
            string name = Path.GetFileName(cfgPath);
            var damaged = _byFile.Find(name).Select(_records.DamagedAt).LastOrDefault(d => d?.File == name);
            if (damaged != null)
                throw new OrsException("ManifestEntryInvalid", OrsErrorKind.InvalidData,
                    $"The entry for '{name}' in the export manifest '{PathName}' cannot be trusted: {damaged.Why}. " +
                    "Nothing was written.", cfgPath);
            return EntryNamed(name, out _);
        }

        /// <summary>The current (not superseded) export of an Application, matched by DBID and exact name.</summary>
        public OrsConfigExport FindApplication(int dbid, string name) =>
            _byApplication.Find(ApplicationKey(dbid, name)).Select(_records.EntryAt)
                .Where(e => e != null && e.ApplicationDbid == dbid
                    && (e.ApplicationName ?? string.Empty) == (name ?? string.Empty) && !e.Superseded)
                .OrderByDescending(e => e.ExportedAt).FirstOrDefault();

        /// <summary>Whether a file name is taken in the manifest, ignoring case (Windows and macOS fold it).</summary>
        public bool Names(string fileName) =>
            fileName != null && _byAnyCase.Find(fileName).Any(at => FileNamesAt(at).Any(n =>
                string.Equals(n, fileName, StringComparison.OrdinalIgnoreCase)));

        internal void Put(OrsConfigExport entry) => Change(() =>
        {
            RemoveNamed(entry);
            AddEntry(entry);
        });

        internal void Remove(OrsConfigExport entry) => Change(() => RemoveNamed(entry));

        private void RemoveNamed(OrsConfigExport entry)
        {
            if (EntryNamed(Path.GetFileName(entry.Path), out long at) != null) _records.MarkGone(at);
        }

        /// <summary>Whether a change failed half-way, so nothing more is changed or saved (ManifestNotKept).</summary>
        internal bool NotKept => _broken != null;

        /// <summary>A change made whole or, when its scratch file fails half-way, none saved from then on.</summary>
        private void Change(Action change)
        {
            if (_broken != null) throw Broken();
            try { change(); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is OrsException)
            {
                _broken = e;
                throw Broken();
            }
        }

        private OrsException Broken() => new OrsException("ManifestNotKept", OrsErrorKind.WriteError,
            $"The working copy of the export manifest '{PathName}' could not be kept ({_broken.Message}); " +
            "manifest.json keeps its last saved state and nothing more is recorded in this run. Free space in the " +
            "temporary folder (TEMP or TMPDIR) and export again: files written since the last save are taken over.",
            PathName, _broken);

        private OrsConfigExport EntryNamed(string file, out long offset)
        {
            foreach (long at in _byFile.Find(file))
            {
                var e = _records.EntryAt(at);
                if (e == null || Path.GetFileName(e.Path) != file) continue;
                offset = at;
                return e;
            }
            offset = -1;
            return null;
        }

        /// <summary>The file an entry or a damaged line names (an entry's .cfg), or null for a record gone.</summary>
        private string FileAt(long offset) => FileNamesAt(offset).FirstOrDefault();

        /// <summary>The names a record takes: an entry's .cfg and snapshot, a damaged line's file.</summary>
        private IEnumerable<string> FileNamesAt(long offset)
        {
            var e = _records.EntryAt(offset);
            if (e != null) return new[] { Path.GetFileName(e.Path), Path.GetFileName(e.SnapshotPath) };
            var d = _records.DamagedAt(offset);
            return d != null ? new[] { d.File } : new string[0];
        }

        private void AddEntry(OrsConfigExport entry)
        {
            long at = _records.AddEntry(entry);
            _byFile.Add(Path.GetFileName(entry.Path), at);
            _byApplication.Add(ApplicationKey(entry.ApplicationDbid, entry.ApplicationName), at);
            _byAnyCase.Add(Path.GetFileName(entry.Path), at);
            _byAnyCase.Add(Path.GetFileName(entry.SnapshotPath), at);
        }

        private void AddDamaged(string file, string why, JObject json)
        {
            long at = _records.AddDamaged(new DamagedEntry { File = file, Why = why,
                Json = json.ToString(Formatting.None) });
            _byFile.Add(file, at);
            _byAnyCase.Add(file, at);
        }

        private static string ApplicationKey(int dbid, string name) =>
            dbid.ToString(CultureInfo.InvariantCulture) + "\n" + (name ?? string.Empty);

        /// <summary>Writes the manifest; the caller holds the folder's lock.</summary>
        internal void SaveLocked()
        {
            if (_broken != null) throw Broken();
            // Streamed entry by entry from the scratch file: a manifest of 20,000 exports is never in memory.
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
                foreach (var entry in Entries) ToJson(entry).WriteTo(json);
                // Entries that failed their checks stay in the file as they were, for whoever investigates.
                foreach (var at in _records.Offsets())
                    if (_records.DamagedAt(at) is DamagedEntry damaged) Json.ParseObject(damaged.Json).WriteTo(json);
                json.WriteEndArray();
                json.WriteEndObject();
                json.Flush();
                text.Write("\n");
                text.Flush();
            });
        }

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

        /// <summary>
        /// Reads manifest.json one entry at a time; any flaw in the JSON itself damages the whole file.
        /// </summary>
        private void Read()
        {
            if (!File.Exists(PathName)) return;
            FileStream file = null;
            AtomicFile.Retry(() => file = AtomicFile.OpenShared(PathName));
            try
            {
                using (var reader = Json.Reader(new StreamReader(file, new UTF8Encoding(false))))
                    ReadDocument(reader);
            }
            catch (JsonException e)
            {
                throw new OrsException("ManifestInvalid", OrsErrorKind.InvalidData,
                    $"The export manifest '{PathName}' is damaged ({e.Message}); exports in that folder cannot be " +
                    "verified. " +
                    "Export again into a new folder.", PathName, e);
            }
            finally { file.Dispose(); }
        }

        private void ReadDocument(JsonTextReader reader)
        {
            if (!Json.ReadContent(reader) || reader.TokenType != JsonToken.StartObject)
                throw new JsonReaderException("Expected a JSON object.");
            bool exportsSeen = false;
            while (Json.ReadContent(reader) && reader.TokenType == JsonToken.PropertyName)
            {
                string property = (string)reader.Value;
                Json.ReadContent(reader);
                if (property != "exports") reader.Skip();
                else if (exportsSeen) throw new JsonReaderException("The property 'exports' appears twice.");
                else
                {
                    exportsSeen = true;
                    if (reader.TokenType != JsonToken.StartArray) reader.Skip();
                    else while (Json.ReadContent(reader) && reader.TokenType != JsonToken.EndArray)
                            if (JToken.ReadFrom(reader) is JObject entry) AddRead(entry);
                }
            }
            if (reader.TokenType != JsonToken.EndObject)
                throw new JsonReaderException("The JSON object is not closed.");
            if (Json.ReadContent(reader)) throw new JsonReaderException("Additional text after the JSON object.");
        }

        /// <summary>
        /// One entry as read: trusted, or kept as damaged. Two entries for one file name are both damaged, as the
        /// manifest cannot say which is true.
        /// </summary>
        private void AddRead(JObject entry)
        {
            string file = entry["file"]?.Type == JTokenType.String ? (string)entry["file"] : "(no file name)";
            string why = Problem(entry);
            bool named = _byFile.Find(file).Any(at => FileAt(at) == file);
            if (why == null && named) why = "the manifest names this file twice";
            if (why == null)
            {
                AddEntry(ToEntry(entry));
                return;
            }
            var first = EntryNamed(file, out long firstAt);
            if (first != null)
            {
                _records.MarkGone(firstAt);
                AddDamaged(file, why, ToJson(first));
            }
            AddDamaged(file, why, entry);
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
