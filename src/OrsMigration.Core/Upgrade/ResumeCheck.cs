using System.Collections.Generic;
using System.Linq;
using OrsMigration.Config;
using OrsMigration.Control;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// Before a resumed run touches anything: the journal is compared with the store and the
    /// servers. A journal cut back (an older copy restored) or ahead of the store (the store
    /// restored) is refused where going on could take a wrong rollback point or skip work.
    /// </summary>
    public static class ResumeCheck
    {
        /// <summary>
        /// The run-started fact that records each Application's version when the run began: "dbid=version;...".
        /// </summary>
        public const string VersionsFact = "versions";

        public static string Versions(UpgradePlan plan) =>
            string.Join(";", plan.Nodes.SelectMany(n => n.Applications).Select(a => $"{a.Dbid}={a.Version}"));

        public static void Check(UpgradeRun run, ConfigRepository repo, IServerControl control)
        {
            var started = StartVersions(run.Journal);
            foreach (var node in run.Plan.Nodes)
            {
                foreach (var app in node.Applications) CheckApplication(run, node, app, repo, control, started);
                bool touched = run.Journal.Entries.Any(e => e.NodeId == node.NodeId && e.Step != UpgradeStepKind.Run);
                if (touched) CheckFinishedNode(run, node, control);
                else CheckUntouchedNode(run, node, control);
            }
        }

        private static void CheckApplication(UpgradeRun run, OrsNode node, OrsApplication app, ConfigRepository repo,
            IServerControl control, Dictionary<int, string> started)
        {
            string target = run.Settings.TargetVersion;
            if (run.FindExport(app) != null) return;
            if (run.Journal.Succeeded(node.NodeId, UpgradeStepKind.Export, app.Name))
                throw Refuse(run, $"the journal says {app.Name} was exported, but the run's folder " +
                    $"'{run.ExportFolder}' holds no " +
                                  "rollback point for it");
            bool wasTarget = started.TryGetValue(app.Dbid, out var v) && v == target;
            string stored = repo.GetApplication(app.Dbid)?.Version, running = control.Status(app).Version;
            if (!wasTarget && (stored == target || running == target))
                throw Refuse(run, $"{app.Name} is already at {target} (store {stored}, running {running}) but the " +
                    "run holds no " +
                                  "rollback point taken before it changed: the journal is older than the store");
        }

        /// <summary>
        /// A node the journal calls done must be done: both halves on the target and serving in their roles.
        /// </summary>
        private static void CheckFinishedNode(UpgradeRun run, OrsNode node, IServerControl control)
        {
            bool done = run.Plan.Steps.Where(s => s.Node == node).All(s => run.Journal.Succeeded(node.NodeId, s.Kind,
                s.Application.Name));
            if (!done || run.Settings.Strategy != UpgradeStrategy.Rolling) return;
            foreach (var app in node.Applications)
            {
                var s = control.Status(app);
                if (s.Version != run.Settings.TargetVersion)
                    throw Refuse(run, $"the journal says node {node.Name} is upgraded, but {app.Name} runs " +
                        $"{s.Version}: the store or the " +
                                      "servers were restored after the journal was written");
            }
        }

        /// <summary>
        /// A node the journal shows no step on must be as a run finds a node: primary serving, backup waiting.
        /// </summary>
        private static void CheckUntouchedNode(UpgradeRun run, OrsNode node, IServerControl control)
        {
            if (run.Settings.Strategy != UpgradeStrategy.Rolling || node.Backup == null) return;
            var p = control.Status(node.Primary);
            var b = control.Status(node.Backup);
            if (p.Status == OrsRunState.Running && p.Mode == OrsRunMode.Primary && b.Status == OrsRunState.Running
                && b.Mode == OrsRunMode.Backup)
                return;
            throw Refuse(run, $"the journal shows no step on node {node.Name}, yet {node.Primary.Name} is " +
                $"{p.Status} {p.Mode} and " +
                              $"{node.Backup.Name} is {b.Status} {b.Mode}: the journal is older than the servers' " +
                              "state");
        }

        private static Dictionary<int, string> StartVersions(UpgradeJournal journal)
        {
            var result = new Dictionary<int, string>();
            var start = journal.RunStart;
            if (start == null || !start.Facts.TryGetValue(VersionsFact, out var text)) return result;
            foreach (var pair in text.Split(';'))
            {
                int eq = pair.IndexOf('=');
                if (eq > 0 && int.TryParse(pair.Substring(0, eq), out var dbid)) result[dbid] = pair.Substring(eq + 1);
            }
            return result;
        }

        private static OrsException Refuse(UpgradeRun run, string why) =>
            new OrsException("JournalStoreMismatch", OrsErrorKind.InvalidData,
                $"Run {run.Plan.RunId} cannot be resumed: {why}. Nothing was changed. Compare the nodes with the " +
                "exports in " +
                $"'{run.ExportFolder}' (Compare-OrsConfig), restore what is needed, and start a new run with " +
                "another -JournalPath.",
                run.Journal.Path);
    }
}
