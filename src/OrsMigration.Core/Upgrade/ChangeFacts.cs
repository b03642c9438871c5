using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// The changes a step made, kept in its journal line ("changed"), so the report lists what
    /// every attempt of a run did, and marks what a restore undid, from the journal alone.
    /// </summary>
    public static class ChangeFacts
    {
        public const string Key = "changed";

        private sealed class Item
        {
            public string S { get; set; }
            public string N { get; set; }
            public OrsChangeAction A { get; set; }
            public string O { get; set; }
            public string V { get; set; }
        }

        public static string Encode(IEnumerable<OrsConfigChange> changes) =>
            JsonConvert.SerializeObject(changes.Select(c => new Item { S = c.Section, N = c.Name, A = c.Action,
                O = c.OldValue, V = c.NewValue }));

        /// <summary>
        /// Every change the journal records; those a later failure of the same Application undid are not Applied.
        /// </summary>
        public static List<OrsConfigChange> FromJournal(IReadOnlyList<OrsUpgradeStep> entries, string targetVersion)
        {
            var result = new List<OrsConfigChange>();
            foreach (var (e, i) in entries.Select((e, i) => (e, i)))
            {
                if (e.Event != JournalEvent.Succeeded || !e.Facts.TryGetValue(Key, out var text)) continue;
                bool undone = entries.Skip(i + 1).Any(x => x.Application == e.Application && x.NodeId == e.NodeId
                    && (x.Event == JournalEvent.Failed || x.Event == JournalEvent.RolledBack));
                foreach (var item in Decode(text))
                    result.Add(new OrsConfigChange
                    {
                        ApplicationName = e.Application, ApplicationDbid = Dbid(e),
                        Section = item.S, Name = item.N, Action = item.A,
                        OldValue = item.O, NewValue = item.V, Applied = !undone,
                        Reason = undone ? $"Rolling upgrade to {targetVersion}; undone by the restore after a later " +
                            "failure"
                                        : $"Rolling upgrade to {targetVersion}",
                    });
            }
            return result;
        }

        private static int Dbid(OrsUpgradeStep e) => e.Facts.TryGetValue("dbid", out var d) && int.TryParse(d,
            out var n) ? n : 0;

        private static IEnumerable<Item> Decode(string text)
        {
            try { return JsonConvert.DeserializeObject<List<Item>>(text) ?? new List<Item>(); }
            catch (JsonException) { return new List<Item>(); }
        }
    }
}
