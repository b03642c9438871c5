using System;
using System.Collections.Generic;
using System.Linq;

namespace OrsMigration.Upgrade
{
    /// <summary>How long one step of one Application took, from its journal lines.</summary>
    public sealed class StepDuration
    {
        public int NodeId { get; set; }
        public string Application { get; set; }
        public UpgradeStepKind Step { get; set; }
        public DateTimeOffset Started { get; set; }
        public TimeSpan Duration { get; set; }
        /// <summary>How the step ended: Succeeded, Failed, or null when the run ended (or crashed) during it.</summary>
        public JournalEvent? Ended { get; set; }
    }

    /// <summary>Step and node durations, paired from the journal's started and ended lines.</summary>
    public static class StepDurations
    {
        public static List<StepDuration> Of(IEnumerable<OrsUpgradeStep> steps)
        {
            var open = new Dictionary<(int, string, UpgradeStepKind), OrsUpgradeStep>();
            var result = new List<StepDuration>();
            foreach (var s in steps.OrderBy(x => x.Sequence))
            {
                var key = (s.NodeId, s.Application ?? string.Empty, s.Step);
                if (s.Event == JournalEvent.Started) { open[key] = s; continue; }
                if ((s.Event != JournalEvent.Succeeded && s.Event != JournalEvent.Failed) ||
                    !open.TryGetValue(key, out var start)) continue;
                open.Remove(key);
                result.Add(Make(start, s.Time, s.Event));
            }
            result.AddRange(open.Values.Select(start => Make(start, start.Time, null)));
            return result.OrderBy(d => d.Started).ToList();
        }

        /// <summary>From a node's first step to its last end.</summary>
        public static TimeSpan? OfNode(IEnumerable<StepDuration> durations, int nodeId)
        {
            var mine = durations.Where(d => d.NodeId == nodeId).ToList();
            if (mine.Count == 0) return null;
            return mine.Max(d => d.Started + d.Duration) - mine.Min(d => d.Started);
        }

        private static StepDuration Make(OrsUpgradeStep start, DateTimeOffset end, JournalEvent? ended) =>
            new StepDuration
            {
                NodeId = start.NodeId, Application = start.Application, Step = start.Step, Started = start.Time,
                Duration = end - start.Time, Ended = ended,
            };
    }
}
