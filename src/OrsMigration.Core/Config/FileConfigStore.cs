using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OrsMigration.Util;

namespace OrsMigration.Config
{
    /// <summary>
    /// A folder of configuration objects in GAX JSON, one file per object:
    /// &lt;store&gt;/&lt;CfgType&gt;/&lt;dbid&gt;.json. The revision of an object is the SHA-256 of its file.
    /// </summary>
    public sealed class FileConfigStore : IConfigStore
    {
        private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

        public FileConfigStore(string root)
        {
            Root = Path.GetFullPath(root);
            if (!Directory.Exists(Root))
                throw new OrsException("StoreNotFound", OrsErrorKind.NotFound,
                    $"The configuration store folder '{Root}' does not exist. Give the folder that holds " +
                    "CfgApplication/, or create one with New-OrsLab.", root);
        }

        public string Root { get; }
        public string Description => "file:" + Root;

        public IEnumerable<CfgObject> List(string type, Action<OrsException> onError, CancellationToken cancel = default)
        {
            string dir = Path.Combine(Root, type);
            if (!Directory.Exists(dir)) yield break;
            // Only DBIDs are held while sorting (a file's path is made again from its DBID), so listing 20,000
            // objects holds 20,000 numbers, not 20,000 paths; a name written with leading zeros keeps its own.
            var listed = new List<KeyValuePair<int, string>>();
            foreach (var f in Directory.EnumerateFiles(dir, "*.json"))
            {
                int dbid = ParseDbid(f);
                if (dbid > 0) listed.Add(new KeyValuePair<int, string>(dbid, f == PathOf(type, dbid) ? null : f));
            }
            listed.Sort((a, b) => a.Key.CompareTo(b.Key));
            foreach (var item in listed)
            {
                cancel.ThrowIfCancellationRequested();
                CfgObject obj = null;
                try { obj = Load(type, item.Key, item.Value ?? PathOf(type, item.Key)); }
                catch (OrsException e) { onError?.Invoke(e); }
                if (obj != null) yield return obj;
            }
        }

        public IEnumerable<CfgObject> FindByName(string type, string name) =>
            List(type, null).Where(o => o.HasName(name)).ToList();

        /// <summary>Local reads and writes are short and atomic: there is nothing to abandon.</summary>
        public void CancelPending() { }

        /// <summary>A local folder: parallel reads gain nothing.</summary>
        public int ReadParallelism => 1;

        public CfgObject Get(string type, int dbid)
        {
            string file = PathOf(type, dbid);
            return File.Exists(file) ? Load(type, dbid, file) : null;
        }

        public CfgObject Create(string type, JObject json)
        {
            using (StoreLock.Acquire(Root, LockTimeout, "The configuration store"))
            {
                string dir = Path.Combine(Root, type);
                Directory.CreateDirectory(dir);
                int dbid = NextDbid();
                var copy = (JObject)json.DeepClone();
                copy["dbid"] = dbid.ToString(CultureInfo.InvariantCulture);
                copy["type"] = type;
                var bytes = Serialize(copy);
                AtomicFile.WriteAllBytes(PathOf(type, dbid), bytes);
                return new CfgObject(type, dbid, copy, AtomicFile.Sha256Hex(bytes));
            }
        }

        public void Update(CfgObject obj)
        {
            using (StoreLock.Acquire(Root, LockTimeout, "The configuration store"))
            {
                string file = PathOf(obj.Type, obj.Dbid);
                EnsureUnchanged(obj, file);
                var bytes = Serialize(obj.Json);
                AtomicFile.WriteAllBytes(file, bytes);
                obj.Revision = AtomicFile.Sha256Hex(bytes);
            }
        }

        public void Delete(CfgObject obj)
        {
            using (StoreLock.Acquire(Root, LockTimeout, "The configuration store"))
            {
                string file = PathOf(obj.Type, obj.Dbid);
                EnsureUnchanged(obj, file);
                File.Delete(file);
            }
        }

        public void Dispose() { }

        internal static byte[] Serialize(JObject json) =>
            new UTF8Encoding(false).GetBytes(json.ToString(Formatting.Indented) + "\n");

        private void EnsureUnchanged(CfgObject obj, string file)
        {
            if (!File.Exists(file))
                throw new OrsException("ObjectDeleted", OrsErrorKind.NotFound,
                    $"{obj} was deleted from the store since it was read; nothing was written.", obj);
            string current = AtomicFile.Sha256OfFile(file);
            if (current != obj.Revision)
                throw new OrsException("StaleWrite", OrsErrorKind.Conflict,
                    $"{obj} was changed by someone else since it was read; nothing was written. Read it again " +
                    "(Get-OrsApplication) and repeat the change.", obj);
        }

        private int NextDbid()
        {
            // DBIDs are unique across object types, as in Configuration Server.
            int max = 0;
            foreach (var dir in Directory.GetDirectories(Root))
                foreach (var f in Directory.GetFiles(dir, "*.json"))
                    max = Math.Max(max, ParseDbid(f));
            return max + 1;
        }

        private CfgObject Load(string type, int dbid, string file)
        {
            byte[] bytes;
            try { bytes = AtomicFile.ReadAllBytes(file); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OrsException("StoreReadFailed", OrsErrorKind.ReadError, $"Cannot read '{file}': {e.Message}", file, e);
            }
            JObject json;
            try { json = Json.ParseObject(new UTF8Encoding(false).GetString(bytes)); }
            catch (JsonException e)
            {
                throw new OrsException("StoreObjectInvalid", OrsErrorKind.InvalidData,
                    $"'{file}' is not a valid configuration object (JSON): {e.Message} Fix or remove the file.", file, e);
            }
            return new CfgObject(type, dbid, json, AtomicFile.Sha256Hex(bytes));
        }

        private string PathOf(string type, int dbid) =>
            Path.Combine(Root, type, dbid.ToString(CultureInfo.InvariantCulture) + ".json");

        private static int ParseDbid(string file) =>
            int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out int d) ? d : 0;
    }
}
