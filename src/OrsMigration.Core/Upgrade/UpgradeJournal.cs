using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OrsMigration.Util;

namespace OrsMigration.Upgrade
{
    /// <summary>One journal line: a step of the rolling upgrade starting, succeeding, failing or being rolled back.</summary>
    public sealed class OrsUpgradeStep
    {
        public string RunId { get; set; }
        public int Sequence { get; set; }
        public DateTimeOffset Time { get; set; }
        public int NodeId { get; set; }
        public string Application { get; set; }
        public string Step { get; set; }
        /// <summary>run-started, started, succeeded, failed, rolled-back, run-finished.</summary>
        public string Event { get; set; }
        public Dictionary<string, string> Facts { get; set; } = new Dictionary<string, string>();
        public string PreviousHash { get; set; }
        public override string ToString() => $"{Sequence} {Event} {Step} {Application}";
    }

    /// <summary>
    /// The rolling upgrade's journal (FORMATS.md): JSON Lines, append-only, each line carrying the
    /// SHA-256 of the line before it, written and flushed before and after every step, so an
    /// interrupted run can resume and a damaged or edited journal is detected before it is trusted.
    /// </summary>
    public sealed class UpgradeJournal
    {
        private readonly object _gate = new object();
        private string _lastHash = "";
        private int _sequence;

        private UpgradeJournal(string path) { Path = path; }

        public string Path { get; }
        public IReadOnlyList<OrsUpgradeStep> Entries => _entries;
        private readonly List<OrsUpgradeStep> _entries = new List<OrsUpgradeStep>();

        /// <summary>Reads and verifies a journal: every line must chain to the one before (OrsMigration.JournalTampered otherwise).</summary>
        public static UpgradeJournal Open(string path)
        {
            var journal = new UpgradeJournal(System.IO.Path.GetFullPath(path));
            if (!File.Exists(journal.Path)) return journal;
            int lineNo = 0;
            foreach (var line in File.ReadAllLines(journal.Path, Encoding.UTF8))
            {
                lineNo++;
                if (line.Length == 0) continue;
                OrsUpgradeStep step;
                try { step = JsonConvert.DeserializeObject<OrsUpgradeStep>(line); }
                catch (JsonException e) { throw Tampered(journal.Path, lineNo, "it is not a journal entry (" + e.Message + ")"); }
                if (step == null || step.PreviousHash != journal._lastHash || step.Sequence != journal._sequence + 1)
                    throw Tampered(journal.Path, lineNo, "it does not follow the line before it (edited, reordered or truncated)");
                journal._entries.Add(step);
                journal._lastHash = AtomicFile.Sha256Hex(Encoding.UTF8.GetBytes(line));
                journal._sequence = step.Sequence;
            }
            return journal;
        }

        public OrsUpgradeStep Append(string runId, int nodeId, string application, string stepName, string evt, IDictionary<string, string> facts = null)
        {
            lock (_gate)
            {
                var step = new OrsUpgradeStep
                {
                    RunId = runId, Sequence = _sequence + 1, Time = DateTimeOffset.Now, NodeId = nodeId, Application = application,
                    Step = stepName, Event = evt, Facts = facts != null ? new Dictionary<string, string>(facts) : new Dictionary<string, string>(),
                    PreviousHash = _lastHash,
                };
                string line = JsonConvert.SerializeObject(step, Formatting.None);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path));
                using (var fs = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
                {
                    var bytes = Encoding.UTF8.GetBytes(line + "\n");
                    fs.Write(bytes, 0, bytes.Length);
                    fs.Flush(true);
                }
                _lastHash = AtomicFile.Sha256Hex(Encoding.UTF8.GetBytes(line));
                _sequence = step.Sequence;
                _entries.Add(step);
                return step;
            }
        }

        /// <summary>Whether a step of a node finished in an earlier attempt of the run.</summary>
        public bool Succeeded(int nodeId, string stepName, string application) =>
            _entries.Any(e => e.NodeId == nodeId && e.Step == stepName && e.Application == application && e.Event == "succeeded");

        public OrsUpgradeStep RunStart => _entries.FirstOrDefault(e => e.Event == "run-started");

        private static OrsException Tampered(string path, int line, string why) =>
            new OrsException("JournalTampered", OrsErrorKind.InvalidData,
                $"The journal '{path}' cannot be trusted: line {line} {why}. Resume is refused; inspect the journal, restore from the exports if needed, and start a new run with another -JournalPath.", path);
    }
}
