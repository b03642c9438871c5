using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using OrsMigration.Config;
using OrsMigration.Control;
using OrsMigration.Util;

namespace OrsMigration.Lab
{
    /// <summary>
    /// A simulated ORS deployment in a folder: the configuration store (config/), and lab.json with
    /// one simulated process per ORS Application and the sessions persisted for each node. The
    /// simulation has no background process: every operation first advances lab time to now
    /// (creating and ending sessions as the traffic settings say), then acts, under a lock, so
    /// several PowerShell processes can share one lab.
    /// </summary>
    public sealed class OrsLab : Persistence.OrsSessionSource
    {
        public const string StateFile = "lab.json";
        private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

        private OrsLab(string path)
        {
            Path = System.IO.Path.GetFullPath(path);
            ConfigPath = System.IO.Path.Combine(Path, "config");
            Control = new LabControl(this);
        }

        public string Path { get; }
        public string ConfigPath { get; }
        /// <summary>Start, stop, switchover and install for the lab's simulated processes.</summary>
        public LabControl Control { get; }
        /// <summary>The lab's configuration store, opened on first use.</summary>
        public OrsConfigConnection Connection => _connection ?? (_connection = new OrsConfigConnection("File", ConfigPath, new FileConfigStore(ConfigPath)));
        private OrsConfigConnection _connection;
        public override Persistence.ISessionStore SessionStore => Control;
        public override string ToString() => "lab " + Path;
        public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        public static OrsLab Open(string path)
        {
            var lab = new OrsLab(path);
            if (!File.Exists(System.IO.Path.Combine(lab.Path, StateFile)))
                throw new OrsException("LabNotFound", OrsErrorKind.NotFound, $"'{lab.Path}' is not a lab (no " +
                    $"{StateFile}). Create one with New-OrsLab.", path);
            return lab;
        }

        /// <summary>
        /// Makes a lab from a store folder: one process per ORS Application, primaries running as primary, backups as
        /// backup.
        /// </summary>
        public static OrsLab Create(string path, string sourceStore, LabState settings, bool force, Func<DateTime> clock = null)
        {
            var lab = new OrsLab(path);
            if (clock != null) lab.Clock = clock;
            if (Directory.Exists(lab.Path) && Directory.EnumerateFileSystemEntries(lab.Path).Any())
            {
                if (!force || !File.Exists(System.IO.Path.Combine(lab.Path, StateFile)))
                    throw new OrsException("LabExists", OrsErrorKind.ResourceExists,
                        $"'{lab.Path}' is not " +
                        $"empty{(force ? " and is not a lab, so -Force does not replace it" : "")}. Choose another " +
                        $"folder{(force ? "" : " or use -Force to replace a lab")}.", path);
                Directory.Delete(lab.Path, true);
            }
            CopyFolder(sourceStore, lab.ConfigPath);
            var state = settings ?? new LabState();
            state.CreatedUtc = lab.Clock();
            state.Processes = InitialProcesses(new ConfigRepository(new FileConfigStore(lab.ConfigPath)));
            lab.Save(state);
            return lab;
        }

        private static List<LabProcess> InitialProcesses(ConfigRepository repo)
        {
            var topology = Cluster.ClusterReader.Read(repo);
            var processes = new List<LabProcess>();
            foreach (var node in topology.Nodes)
                foreach (var app in node.Applications)
                    processes.Add(new LabProcess
                    {
                        Dbid = app.Dbid, Name = app.Name, NodeId = node.NodeId, Version = app.Version,
                        Mode = app == node.Primary ? OrsRunMode.Primary : OrsRunMode.Backup,
                    });
            return processes;
        }

        /// <summary>
        /// Loads the state, advances it to now, lets work act on it, and saves it, all under the lab's lock.
        /// </summary>
        public T Transaction<T>(Func<LabState, T> work)
        {
            using (StoreLock.Acquire(Path, LockTimeout, "The lab"))
            {
                var state = Load();
                LabSimulation.Advance(state, Now(state));
                try { return work(state); }
                finally { Save(state); }
            }
        }

        public void Transaction(Action<LabState> work) => Transaction(s => { work(s); return true; });

        /// <summary>
        /// Looks at the lab as of now without writing it back: advancing is deterministic (seeded by
        /// the saved state), so the next transaction computes the same thing again.
        /// </summary>
        public T Read<T>(Func<LabState, T> look)
        {
            using (StoreLock.Acquire(Path, LockTimeout, "The lab"))
            {
                var state = Load();
                LabSimulation.Advance(state, Now(state));
                return look(state);
            }
        }

        /// <summary>Lab seconds since the lab was created.</summary>
        public double Now(LabState state) => (Clock() - state.CreatedUtc).TotalSeconds * state.TimeScale;

        private LabState Load()
        {
            string file = System.IO.Path.Combine(Path, StateFile);
            try
            {
                string text = Encoding.UTF8.GetString(Util.AtomicFile.ReadAllBytes(file));
                return JsonConvert.DeserializeObject<LabState>(text);
            }
            catch (JsonException e) { throw new OrsException("LabDamaged", OrsErrorKind.InvalidData, $"The lab state '{file}' is damaged: {e.Message} Create the lab again.", file, e); }
        }

        private void Save(LabState state) =>
            AtomicFile.WriteAllBytes(System.IO.Path.Combine(Path, StateFile), new UTF8Encoding(false).GetBytes(JsonConvert.SerializeObject(state, Formatting.Indented)), durable: false);

        private static void CopyFolder(string from, string to)
        {
            if (!Directory.Exists(from)) throw new OrsException("LabSourceNotFound", OrsErrorKind.NotFound, $"The lab source '{from}' does not exist.", from);
            Directory.CreateDirectory(to);
            foreach (var f in Directory.GetFiles(from)) File.Copy(f, System.IO.Path.Combine(to, System.IO.Path.GetFileName(f)), true);
            foreach (var d in Directory.GetDirectories(from)) CopyFolder(d, System.IO.Path.Combine(to, System.IO.Path.GetFileName(d)));
        }
    }
}
