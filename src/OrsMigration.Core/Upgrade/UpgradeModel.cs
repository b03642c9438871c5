using System;
using System.Collections.Generic;

namespace OrsMigration.Upgrade
{
    public enum UpgradeStrategy { Rolling, Drained }

    public sealed class UpgradeSettings
    {
        public string TargetVersion { get; set; }
        public string ExportPath { get; set; }
        public UpgradeStrategy Strategy { get; set; } = UpgradeStrategy.Rolling;
        /// <summary>Options to set on every upgraded Application, 'section/name' = value.</summary>
        public IDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();
        public int MaxParallelNodes { get; set; } = 1;
        public TimeSpan SwitchoverTimeout { get; set; } = TimeSpan.FromMinutes(2);
        public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(5);
        public TimeSpan StopTimeout { get; set; } = TimeSpan.FromMinutes(5);
        public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromHours(1);
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
        public string JournalPath { get; set; }
        public bool Resume { get; set; }
        /// <summary>Canary, soak, failure budget, stop points and order (rolling path).</summary>
        public UpgradePolicy Policy { get; set; } = new UpgradePolicy();
    }

    /// <summary>One step of the plan for one Application of a node.</summary>
    public sealed class PlannedStep
    {
        public OrsNode Node { get; set; }
        public OrsApplication Application { get; set; }
        public UpgradeStepKind Kind { get; set; }
        public override string ToString() => $"{Kind} {Application?.Name}";
    }

    public sealed class UpgradePlan
    {
        public string RunId { get; set; }
        public UpgradeSettings Settings { get; set; }
        public List<OrsNode> Nodes { get; set; } = new List<OrsNode>();
        public List<PlannedStep> Steps { get; set; } = new List<PlannedStep>();
        public List<string> Warnings { get; set; } = new List<string>();
        /// <summary>What identifies the run in its journal: the target and the nodes, in order.</summary>
        public string Signature => $"{Settings.Strategy} {Settings.TargetVersion} " +
            $"{string.Join(",", Nodes.ConvertAll(n => n.NodeId.ToString()))}";
    }

    public sealed class OrsUpgradeNodeResult
    {
        public int NodeId { get; set; }
        public string Name { get; set; }
        public NodeOutcome Outcome { get; set; } = NodeOutcome.Pending;
        public UpgradeStepKind? FailedStep { get; set; }
        public string Message { get; set; }
    }

    /// <summary>
    /// One point of the report's timeline: an Application's mode and version, and the persisted sessions then.
    /// </summary>
    public sealed class TimelinePoint
    {
        public DateTimeOffset Time { get; set; }
        public string Application { get; set; }
        public string Status { get; set; }
        public string Mode { get; set; }
        public string Version { get; set; }
        public long Sessions { get; set; }
    }

    /// <summary>What Invoke-OrsRollingUpgrade did.</summary>
    public sealed class OrsUpgradeReport
    {
        public string RunId { get; set; }
        public UpgradeOutcome Outcome { get; set; }
        public string TargetVersion { get; set; }
        public string Strategy { get; set; }
        public List<OrsUpgradeNodeResult> Nodes { get; set; } = new List<OrsUpgradeNodeResult>();
        public List<OrsUpgradeStep> Steps { get; set; } = new List<OrsUpgradeStep>();
        public long SessionsBefore { get; set; }
        public long SessionsCarried { get; set; }
        public long SessionsEnded { get; set; }
        public long SessionsLost { get; set; }
        /// <summary>
        /// Sessions whose fate could not be read: owner unreadable, or gone where the store cannot
        /// tell a session that ended from one that was lost. Never counted as carried.
        /// </summary>
        public long SessionsUnverified { get; set; }
        public DateTimeOffset Started { get; set; }
        public DateTimeOffset Finished { get; set; }
        public TimeSpan Duration => Finished - Started;
        public List<OrsConfigChange> Changes { get; set; } = new List<OrsConfigChange>();
        /// <summary>What the run found before its first step: the plan's warnings (restart flags, no store).</summary>
        public List<string> Preflight { get; set; } = new List<string>();
        public List<TimelinePoint> Timeline { get; set; } = new List<TimelinePoint>();
        /// <summary>How long the cluster ran with more than one ORS version during this invocation.</summary>
        public TimeSpan MixedVersions { get; set; }
        /// <summary>Whether the run ended with the cluster still on more than one ORS version.</summary>
        public bool MixedVersionsAtEnd { get; set; }
        /// <summary>The policies the run went by, in words (order, canary and soak, gates, budget, stops).</summary>
        public List<string> Policy { get; set; } = new List<string>();
        public string JournalPath { get; set; }
        public string Error { get; set; }
        /// <summary>
        /// The error id of a failed run (OrsMigration.UpgradeStepFailed, OrsMigration.UpgradeFailed, ...).
        /// </summary>
        public string ErrorId { get; set; }
        public override string ToString() =>
            $"{RunId}: {Outcome} ({Nodes.Count} nodes, {SessionsLost} sessions lost, {SessionsUnverified} unverified)";
    }

    /// <summary>
    /// How the runner reports what it does; the cmdlet turns these into progress and verbose records.
    /// </summary>
    public interface IUpgradeEvents
    {
        void Step(OrsNode node, int nodeIndex, int nodeCount, string step, int stepIndex, int stepCount);
        void NodeDone(OrsNode node);
        void Log(string message);
        void Warn(string message);
    }

    /// <summary>A session store that can tell a lost session from one that ended (the lab can).</summary>
    public interface ISessionFate
    {
        IReadOnlyList<string> LostSessionIds();
    }
}
