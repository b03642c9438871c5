using System;
using System.Collections.Generic;
using OrsMigration.Control;

namespace OrsMigration.Upgrade
{
    /// <summary>The order nodes are taken in.</summary>
    public enum NodeOrder
    {
        /// <summary>As piped.</summary>
        Listed,
        /// <summary>
        /// Data centers interleaved, and never two nodes of one data center down at once while another
        /// data center still has nodes left.
        /// </summary>
        DataCenter,
    }

    /// <summary>
    /// An outside check of a node after it was upgraded and through the soak (an HTTP port answering, an
    /// alarm query, a test call): null when healthy, else why not.
    /// </summary>
    public interface IHealthCheck
    {
        string Check(OrsNode node, IReadOnlyList<OrsServerStatus> status);
    }

    /// <summary>
    /// How a run goes beyond the guide's steps: canary and soak, failure budget, stop points, order. The
    /// first four are the run's own (journaled when it starts, kept on -Resume); the stop points belong to
    /// each invocation (a maintenance window is tonight's, not the run's).
    /// </summary>
    public sealed class UpgradePolicy
    {
        /// <summary>How many nodes are upgraded and watched first; 0 for none.</summary>
        public int CanaryNodes { get; set; }

        /// <summary>How long the canaries are watched before any other node starts.</summary>
        public TimeSpan SoakTime { get; set; }

        /// <summary>How many nodes may fail (each restored) before no new node starts.</summary>
        public int MaxFailedNodes { get; set; }

        public NodeOrder NodeOrder { get; set; } = NodeOrder.Listed;

        /// <summary>
        /// Whether the run has the site's own health check (the check itself, a script block, cannot be
        /// journaled: -Resume must be given it again).
        /// </summary>
        public bool SiteHealthCheck { get; set; }

        /// <summary>
        /// This invocation upgrades at most this many more nodes, then stops cleanly; null: no limit.
        /// </summary>
        public int? StopAfterNodes { get; set; }

        /// <summary>The end of this invocation's maintenance window: no node starts after it; null: none.</summary>
        public DateTimeOffset? Deadline { get; set; }

        /// <summary>
        /// How often the canaries are checked during the soak: a tenth of it, between the poll interval and
        /// 30 seconds (INFERENCE: often enough to stop early, rarely enough for a site's own check).
        /// </summary>
        public TimeSpan SoakCheckInterval(TimeSpan pollInterval)
        {
            long tenth = SoakTime.Ticks / 10;
            long ticks = Math.Max(pollInterval.Ticks, Math.Min(tenth, TimeSpan.FromSeconds(30).Ticks));
            return TimeSpan.FromTicks(ticks);
        }
    }
}
