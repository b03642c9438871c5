using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// The policies as journal facts: the run's own (canary, soak, budget, order) on its run-started line,
    /// each invocation's stop points (window, node count) on its invocation line; read back on -Resume.
    /// </summary>
    public static class PolicyFacts
    {
        public const string Canaries = "canaries", Soak = "soak", MaxFailed = "max-failed-nodes",
            Order = "node-order", Deadline = "deadline", StopAfterNodes = "stop-after-nodes",
            HealthCheck = "health-check";

        public static Dictionary<string, string> OfRun(UpgradePolicy p) => new Dictionary<string, string>
        {
            [Canaries] = p.CanaryNodes.ToString(CultureInfo.InvariantCulture),
            [Soak] = p.SoakTime.ToString("c", CultureInfo.InvariantCulture),
            [MaxFailed] = p.MaxFailedNodes.ToString(CultureInfo.InvariantCulture),
            [Order] = p.NodeOrder.ToString(),
            [HealthCheck] = p.SiteHealthCheck ? "yes" : "no",
        };

        public static Dictionary<string, string> OfInvocation(UpgradePolicy p)
        {
            var facts = new Dictionary<string, string>();
            if (p.Deadline != null) facts[Deadline] = p.Deadline.Value.ToString("o", CultureInfo.InvariantCulture);
            if (p.StopAfterNodes != null)
                facts[StopAfterNodes] = p.StopAfterNodes.Value.ToString(CultureInfo.InvariantCulture);
            return facts;
        }

        /// <summary>
        /// The run's own policy as its run-started line holds it; null for a run from before policies.
        /// </summary>
        public static UpgradePolicy Journaled(OrsUpgradeStep runStart)
        {
            var f = runStart?.Facts;
            if (f == null || !f.ContainsKey(Canaries)) return null;
            return new UpgradePolicy
            {
                CanaryNodes = int.Parse(f[Canaries], CultureInfo.InvariantCulture),
                SoakTime = TimeSpan.ParseExact(f[Soak], "c", CultureInfo.InvariantCulture),
                MaxFailedNodes = int.Parse(f[MaxFailed], CultureInfo.InvariantCulture),
                NodeOrder = (NodeOrder)Enum.Parse(typeof(NodeOrder), f[Order]),
                SiteHealthCheck = f.TryGetValue(HealthCheck, out var check) && check == "yes",
            };
        }

        /// <summary>The last maintenance window an invocation of the run journaled, if any.</summary>
        public static DateTimeOffset? LastDeadline(IEnumerable<OrsUpgradeStep> entries, string runId)
        {
            var last = entries.LastOrDefault(e => e.RunId == runId && e.Step == UpgradeStepKind.Invocation);
            return last != null && last.Facts.TryGetValue(Deadline, out var text)
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                : (DateTimeOffset?)null;
        }

        /// <summary>The nodes that failed so far in the run (any invocation): what -MaxFailedNodes has spent.</summary>
        public static HashSet<int> FailedNodes(IEnumerable<OrsUpgradeStep> entries, string runId) =>
            new HashSet<int>(entries.Where(e => e.RunId == runId && e.NodeId != 0 && e.Event == JournalEvent.Failed)
                .Select(e => e.NodeId));

        /// <summary>The policy in words, for the report and -WhatIf.</summary>
        public static List<string> Describe(UpgradePolicy p, bool healthCheck)
        {
            var words = new List<string> { p.NodeOrder == NodeOrder.DataCenter
                ? "Order: data centers interleaved; never two nodes of one data center down while another has " +
                  "nodes left."
                : "Order: as listed." };
            string gates = "modes held, no session lost" + (healthCheck ? ", -HealthCheck passing" : string.Empty);
            words.Add($"Health gate after each node: {gates}; a node that fails it is rolled back.");
            if (p.CanaryNodes > 0)
                words.Add($"Canary: the first {p.CanaryNodes} node(s), watched for {p.SoakTime:c} before any other " +
                    "starts; a failure there rolls the node back and stops the run.");
            words.Add($"Failure budget: {p.MaxFailedNodes} node(s) (-MaxFailedNodes); past it, no new node starts.");
            if (p.StopAfterNodes != null) words.Add($"Stops after {p.StopAfterNodes} more node(s) (-StopAfterNodes).");
            if (p.Deadline != null) words.Add($"Maintenance window ends {p.Deadline:u}: no node starts after it.");
            return words;
        }
    }
}
