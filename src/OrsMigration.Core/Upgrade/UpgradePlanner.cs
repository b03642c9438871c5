using System;
using System.Collections.Generic;
using System.Linq;
using OrsMigration.Control;

namespace OrsMigration.Upgrade
{
    /// <summary>Checks the nodes and lays out the guide's steps for each, before anything is touched.</summary>
    public static class UpgradePlanner
    {
        /// <summary>
        /// The HA rolling path, per node: the guide's steps 1-9 for one Application, then for the other.
        /// </summary>
        public static readonly UpgradeStepKind[] RollingSteps =
        {
            UpgradeStepKind.Switchover, UpgradeStepKind.Stop, UpgradeStepKind.Export, UpgradeStepKind.Install,
            UpgradeStepKind.Configure, UpgradeStepKind.SetVersion, UpgradeStepKind.Start,
        };

        public static readonly UpgradeStepKind[] DrainedSteps =
            { UpgradeStepKind.Stop, UpgradeStepKind.Export, UpgradeStepKind.Install, UpgradeStepKind.Configure,
                UpgradeStepKind.SetVersion };

        public static UpgradePlan Plan(IReadOnlyList<OrsNode> nodes, UpgradeSettings settings, IServerControl control, string runId)
        {
            if (!OrsVersion.TryParse(settings.TargetVersion, out var target, out var error))
                throw new OrsException("InvalidVersion", OrsErrorKind.InvalidArgument, "-TargetVersion: " + error, settings.TargetVersion);
            if (nodes.Count == 0) throw new OrsException("NoNodes", OrsErrorKind.InvalidArgument, "No node to upgrade: pipe nodes from Get-OrsNode.", null);
            var plan = new UpgradePlan { RunId = runId, Settings = settings, Nodes = nodes.ToList() };
            foreach (var node in nodes)
            {
                if (settings.Strategy == UpgradeStrategy.Rolling) CheckRolling(node, settings.Resume ? null : control);
                foreach (var app in node.Applications) plan.Warnings.AddRange(RestartWarnings(app));
            }
            foreach (var node in nodes)
            {
                if (settings.Strategy == UpgradeStrategy.Drained)
                {
                    foreach (var app in node.Applications)
                        foreach (var step in DrainedSteps) plan.Steps.Add(new PlannedStep { Node = node,
                            Application = app, Kind = step });
                    continue;
                }
                // The primary is switched away from first; its backup serves while it is upgraded, then the roles swap back.
                foreach (var app in new[] { node.Primary, node.Backup })
                    foreach (var step in RollingSteps) plan.Steps.Add(new PlannedStep { Node = node,
                        Application = app, Kind = step });
            }
            return plan;
        }

        /// <summary>
        /// The rolling path needs a running Warm Standby pair per node, and no node on 8.1.2 (no HA, sessions do not
        /// survive).
        /// </summary>
        private static void CheckRolling(OrsNode node, IServerControl control)
        {
            var p = node.Primary;
            if (OrsVersion.TryParse(p.Version, out var v) && v.ReleaseLine == "8.1.2")
                throw Refuse(node, $"{p.Label} is on 8.1.2, which has no HA and whose persisted sessions do not " +
                    "survive the migration. Drain the sessions and use -Strategy Drained.");
            if (node.Backup == null)
                throw Refuse(node, $"{p.Label} has no backup Application: the rolling path switches over to it. " +
                    "Create it with New-OrsBackupApplication, or use -Strategy Drained.");
            if (node.Applications.Any(a => a.RedundancyType != OrsRedundancyType.WarmStandby))
                throw Refuse(node, $"{p.Name} and {node.Backup.Name} are not a Warm Standby pair (Set-OrsRedundancy).");
            if (control == null) return;      // resuming: the journal knows where each node stands
            var ps = control.Status(p);
            var bs = control.Status(node.Backup);
            bool primaryServes = ps.Status == OrsRunState.Running && ps.Mode == OrsRunMode.Primary;
            bool backupWaits = bs.Status == OrsRunState.Running && bs.Mode == OrsRunMode.Backup;
            if (!primaryServes || !backupWaits)
                throw Refuse(node, $"Node {node.Name} is not in its normal state: {p.Name} is {ps.Status} " +
                    $"{ps.Mode}, {node.Backup.Name} is {bs.Status} {bs.Mode}; the run needs the primary serving and " +
                    "the backup running in backup mode.");
        }

        /// <summary>What would start an Application again while the run has it stopped.</summary>
        public static IEnumerable<string> RestartWarnings(OrsApplication app)
        {
            if (string.Equals(app.Options.Get("sml", "autostart"), "true", StringComparison.OrdinalIgnoreCase))
                yield return $"{app.Label} has sml/autostart = true: Solution Control Server may start it again " +
                    "while the upgrade has it stopped. Set it to false for the run, or make sure SCS cannot reach it.";
            if (string.Equals((string)app.Stored?["autorestart"], "CFGTrue", StringComparison.OrdinalIgnoreCase))
                yield return $"{app.Label} has auto-restart on: if it stops unexpectedly SCS restarts it; a " +
                    "deliberate stop through SCS is not affected.";
        }

        private static OrsException Refuse(OrsNode node, string message) =>
            new OrsException("UpgradeRefused", OrsErrorKind.InvalidOperation, message + " Nothing was changed.", node);
    }
}
