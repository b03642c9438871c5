using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using OrsMigration.Integrity;
using OrsMigration.Util;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// One journal line: a step of the rolling upgrade starting, succeeding, failing or being rolled back.
    /// </summary>
    public sealed class OrsUpgradeStep
    {
        public string RunId { get; set; }
        public int Sequence { get; set; }
        public DateTimeOffset Time { get; set; }
        public int NodeId { get; set; }
        public string Application { get; set; }
        public UpgradeStepKind Step { get; set; }
        public JournalEvent Event { get; set; }
        public Dictionary<string, string> Facts { get; set; } = new Dictionary<string, string>();
        /// <summary>The seal of the line before this one: the chain that detects a removed or reordered line.</summary>
        public string PreviousHash { get; set; }
        /// <summary>
        /// This line's own seal (SHA-256, or HMAC-SHA256 with an integrity key), over the line and PreviousHash.
        /// </summary>
        public string Seal { get; set; }
        public override string ToString() => $"{Sequence} {Event} {Step} {Application}";
    }

    /// <summary>
    /// The rolling upgrade's journal (FORMATS.md): JSON Lines, append-only, each line sealed and
    /// chained to the one before, flushed before and after every step, so an interrupted run can
    /// resume and a damaged (or, with a key, altered) journal is detected before it is trusted.
    /// A last line cut short by a crash is a torn tail: reported, and set aside by RepairTornTail.
    /// </summary>
    public sealed class UpgradeJournal
    {
        private const string SealProperty = ",\"Seal\":\"";
        private readonly object _gate = new object();
        private readonly List<OrsUpgradeStep> _entries = new List<OrsUpgradeStep>();
        private readonly IntegrityKey _key;
        private string _lastSeal = "";
        private int _sequence;
        private bool _needsNewline;

        private UpgradeJournal(string path, IntegrityKey key)
        {
            Path = path;
            _key = key;
        }

        public string Path { get; }

        /// <summary>A copy of the lines, safe to read while node threads append.</summary>
        public IReadOnlyList<OrsUpgradeStep> Entries { get { lock (_gate) return _entries.ToList(); } }

        /// <summary>The text of a last line that a crash cut short, or null.</summary>
        public string TornTail { get; private set; }

        /// <summary>
        /// Reads and verifies a journal (OrsMigration.JournalDamaged, or JournalTampered when a key's seal fails).
        /// </summary>
        public static UpgradeJournal Open(string path, IntegrityKey key = null)
        {
            var journal = new UpgradeJournal(System.IO.Path.GetFullPath(path), key);
            if (File.Exists(journal.Path)) journal.Read();
            return journal;
        }

        private void Read()
        {
            string text = Encoding.UTF8.GetString(AtomicFile.ReadAllBytes(Path));
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd('\r');
                if (line.Length == 0) continue;
                bool last = i == lines.Length - 1;
                string problem = Accept(line);
                if (problem == null) { _needsNewline = last; continue; }
                if (last) { TornTail = line; continue; }     // no newline after it: the write was cut short
                throw Damaged(i + 1, problem);
            }
        }

        /// <summary>Null when the line verifies and was added; otherwise what is wrong with it.</summary>
        private string Accept(string line)
        {
            int at = line.LastIndexOf(SealProperty, StringComparison.Ordinal);
            if (at < 0 || !line.EndsWith("\"}", StringComparison.Ordinal)) return "it is not a sealed journal entry";
            OrsUpgradeStep step;
            try { step = JsonConvert.DeserializeObject<OrsUpgradeStep>(line); }
            catch (JsonException e) { return "it is not a journal entry (" + e.Message + ")"; }
            if (step == null || step.PreviousHash != _lastSeal || step.Sequence != _sequence + 1)
                return "it does not follow the line before it (a line was removed, reordered or inserted)";
            string problem = IntegrityKey.Check(line.Substring(0, at) + "}", step.Seal, _key);
            if (problem != null) return problem;
            _entries.Add(step);
            _lastSeal = step.Seal;
            _sequence = step.Sequence;
            return null;
        }

        /// <summary>
        /// Moves a torn last line to &lt;journal&gt;.torn-&lt;time&gt; and cuts the journal after its last whole line.
        /// </summary>
        public string RepairTornTail()
        {
            if (TornTail == null) return null;
            string aside = Path + ".torn-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'");
            AtomicFile.WriteAllBytes(aside, Encoding.UTF8.GetBytes(TornTail + "\n"));
            byte[] all = AtomicFile.ReadAllBytes(Path);
            int end = Array.LastIndexOf(all, (byte)'\n') + 1;
            using (var fs = new FileStream(Path, FileMode.Open, FileAccess.Write,
                FileShare.ReadWrite | FileShare.Delete))
            {
                fs.SetLength(end);
                fs.Flush(true);
            }
            TornTail = null;
            _needsNewline = false;
            return aside;
        }

        public OrsUpgradeStep Append(string runId, int nodeId, string application, UpgradeStepKind step,
            JournalEvent evt,
            IDictionary<string, string> facts = null)
        {
            lock (_gate)
            {
                if (TornTail != null)
                    throw new OrsException("JournalTorn", OrsErrorKind.InvalidOperation,
                        $"The journal '{Path}' ends with a torn line; it must be set aside (-Resume does) before " +
                        "anything is appended.", Path);
                var entry = new OrsUpgradeStep
                {
                    RunId = runId, Sequence = _sequence + 1, Time = DateTimeOffset.Now, NodeId = nodeId, Application = application,
                    Step = step, Event = evt, Facts = facts != null ? new Dictionary<string, string>(facts)
                        : new Dictionary<string, string>(),
                    PreviousHash = _lastSeal,
                };
                string body = JsonConvert.SerializeObject(entry, Formatting.None);
                body = body.Substring(0, body.Length - ",\"Seal\":null}".Length) + "}";
                entry.Seal = IntegrityKey.Seal(body, _key);
                string line = body.Substring(0, body.Length - 1) + SealProperty + entry.Seal + "\"}";
                Write((_needsNewline ? "\n" : "") + line + "\n");
                _needsNewline = false;
                _lastSeal = entry.Seal;
                _sequence = entry.Sequence;
                _entries.Add(entry);
                return entry;
            }
        }

        private void Write(string text)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path));
            var bytes = Encoding.UTF8.GetBytes(text);
            AtomicFile.Retry(() =>
            {
                using (var fs = new FileStream(Path, FileMode.Append, FileAccess.Write,
                    FileShare.ReadWrite | FileShare.Delete))
                {
                    fs.Write(bytes, 0, bytes.Length);
                    fs.Flush(true);
                }
            });
        }

        /// <summary>
        /// Whether a step of an Application finished and still stands: a failure or a rollback of that
        /// Application later in the journal (its restore undid the run's work on it) voids it.
        /// </summary>
        public bool Succeeded(int nodeId, UpgradeStepKind step, string application)
        {
            lock (_gate)
            {
                bool done = false;
                foreach (var e in _entries)
                {
                    if (e.NodeId != nodeId || e.Application != application) continue;
                    if (e.Event == JournalEvent.Failed || e.Event == JournalEvent.RolledBack) done = false;
                    else if (e.Event == JournalEvent.Succeeded && e.Step == step) done = true;
                }
                return done;
            }
        }

        public OrsUpgradeStep RunStart { get { lock (_gate) return _entries.FirstOrDefault(e
            => e.Event == JournalEvent.RunStarted); } }

        private OrsException Damaged(int line, string why) => _key != null && why.Contains("seal does not match")
            ? new OrsException("JournalTampered", OrsErrorKind.SecurityError,
                $"The journal '{Path}' was changed by someone without the integrity key: line {line}: {why}. Resume " +
                "is refused; " +
                "inspect the journal, restore from the exports if needed, and start a new run with another " +
                "-JournalPath.", Path)
            : new OrsException("JournalDamaged", OrsErrorKind.InvalidData,
                $"The journal '{Path}' cannot be trusted: line {line}: {why}. Resume is refused; inspect the " +
                "journal, restore " +
                "from the exports if needed, and start a new run with another -JournalPath.", Path);
    }
}
