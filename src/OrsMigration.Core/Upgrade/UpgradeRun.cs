using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OrsMigration.Export;
using OrsMigration.Integrity;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// Everything one run of the rolling upgrade holds: its plan, journal, export folder and the report it builds.
    /// </summary>
    public sealed class UpgradeRun
    {
        private readonly object _gate = new object();

        public UpgradeRun(UpgradePlan plan, UpgradeJournal journal, IntegrityKey key)
        {
            Plan = plan;
            Journal = journal;
            Key = key;
            Report = new OrsUpgradeReport
            {
                RunId = plan.RunId, TargetVersion = plan.Settings.TargetVersion,
                Strategy = plan.Settings.Strategy.ToString(),
                Started = DateTimeOffset.Now, JournalPath = journal.Path,
                Nodes = plan.Nodes.Select(n => new OrsUpgradeNodeResult { NodeId = n.NodeId, Name = n.Name }).ToList(),
                Preflight = plan.Warnings.ToList(),
            };
        }

        public UpgradePlan Plan { get; }
        public UpgradeJournal Journal { get; }
        public IntegrityKey Key { get; }
        public OrsUpgradeReport Report { get; }
        public UpgradeSettings Settings => Plan.Settings;

        /// <summary>The run's rollback points: a folder per run under -ExportPath.</summary>
        public string ExportFolder => Path.Combine(Settings.ExportPath, Plan.RunId);

        public OrsUpgradeNodeResult Result(OrsNode node) => Report.Nodes.First(n => n.NodeId == node.NodeId);

        public void Log(OrsNode node, OrsApplication app, UpgradeStepKind step, JournalEvent evt, IDictionary<string,
            string> facts = null) =>
            Journal.Append(Plan.RunId, node?.NodeId ?? 0, app?.Name, step, evt, facts);

        /// <summary>The run's rollback point of an Application (DBID and exact name), or null.</summary>
        public OrsConfigExport FindExport(OrsApplication app)
        {
            if (!Directory.Exists(ExportFolder)) return null;
            using (var manifest = ExportManifest.Load(ExportFolder, Key))
                return manifest.FindApplication(app.Dbid, app.Name);
        }

        public void Count(SessionAccount account)
        {
            lock (_gate)
            {
                Report.SessionsCarried += account.Carried;
                Report.SessionsEnded += account.Ended;
                Report.SessionsLost += account.Lost;
                Report.SessionsUnverified += account.Unverified;
            }
        }

        public void AddTimeline(TimelinePoint point)
        {
            lock (_gate) Report.Timeline.Add(point);
        }
    }
}
