using System.Collections.Generic;
using System.Linq;
using System.Threading;
using OrsMigration.Catalog;
using OrsMigration.Cfg;
using OrsMigration.Config;
using OrsMigration.Control;
using OrsMigration.Export;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// The guide's steps for one Application of a node. Each finds what a half-done earlier
    /// attempt left and goes on from there, so running a step again is safe.
    /// </summary>
    public sealed class StepExecutor
    {
        private readonly ConfigRepository _repo;
        private readonly IServerControl _control;
        private readonly IInstaller _installer;
        private readonly SessionLedger _sessions;
        private readonly StateWaiter _waiter;
        private readonly IUpgradeEvents _events;

        public StepExecutor(ConfigRepository repo, IServerControl control, IInstaller installer, SessionLedger sessions,
            StateWaiter waiter, IUpgradeEvents events)
        {
            _repo = repo;
            _control = control;
            _installer = installer;
            _sessions = sessions;
            _waiter = waiter;
            _events = events;
        }

        public Dictionary<string, string> Execute(UpgradeRun run, OrsNode node, UpgradeStepKind step,
            OrsApplication app, CancellationToken cancel)
        {
            switch (step)
            {
                case UpgradeStepKind.Switchover: return Switchover(run, node, app, cancel);
                case UpgradeStepKind.Stop: return Stop(run, node, app, cancel);
                case UpgradeStepKind.Export: return Export(run, app);
                case UpgradeStepKind.Install: return Install(run, app);
                case UpgradeStepKind.Configure: return Configure(run, app);
                case UpgradeStepKind.SetVersion: return SetVersion(run, app);
                case UpgradeStepKind.Start: return Start(run, app, cancel);
                default:
                    throw new OrsException("UnknownStep", OrsErrorKind.InvalidOperation,
                        $"The run has no step {step}.", app);
            }
        }

        /// <summary>Makes app's partner the primary, accounting for every persisted session of the node.</summary>
        private Dictionary<string, string> Switchover(UpgradeRun run, OrsNode node, OrsApplication from,
            CancellationToken cancel)
        {
            var to = node.Partner(from);
            var s = run.Settings;
            if (_control.Status(from).Mode == OrsRunMode.Backup && _control.Status(to).Mode == OrsRunMode.Primary)
                return Facts("already", "true");
            var before = _sessions.Snapshot(node.NodeId, cancel);
            _control.Switchover(from);
            _waiter.WaitFor(to, x => x.Status == OrsRunState.Running && x.Mode == OrsRunMode.Primary,
                s.SwitchoverTimeout, "become primary", cancel);
            _waiter.WaitFor(from, x => x.Mode == OrsRunMode.Backup || x.Status != OrsRunState.Running,
                s.SwitchoverTimeout, "leave primary mode", cancel);
            var account = _sessions.Account(before, node.NodeId, to.Name, cancel);
            run.Count(account);
            if (account.Lost > 0)
                throw new OrsException("SessionsLost", OrsErrorKind.InvalidOperation,
                    $"The switchover to {to.Name} lost {account.Lost} of {before.Count} persisted session(s) " +
                    "(check that the strategies set _sendSessionRecovered to true).", to);
            return Facts("persisted", before.Count.ToString(), "carried", account.Carried.ToString(),
                "ended", account.Ended.ToString(), "lost", "0", "unverified", account.Unverified.ToString(),
                "primary", to.Name);
        }

        private Dictionary<string, string> Stop(UpgradeRun run, OrsNode node, OrsApplication app,
            CancellationToken cancel)
        {
            var partner = node.Partner(app);
            if (partner != null && run.Settings.Strategy == UpgradeStrategy.Rolling)
            {
                var ps = _control.Status(partner);
                if (ps.Status != OrsRunState.Running || ps.Mode != OrsRunMode.Primary)
                    throw new OrsException("HaInvariant", OrsErrorKind.InvalidOperation,
                        $"{app.Name} cannot be stopped: its partner {partner.Name} is not serving as primary " +
                        $"({ps.Status}, {ps.Mode}), " +
                        "and both halves of a node are never down at once.", app);
            }
            foreach (var w in UpgradePlanner.RestartWarnings(app)) _events.Warn(w);
            StopAndWait(run, app, cancel);
            return Facts("status", "Stopped");
        }

        public void StopAndWait(UpgradeRun run, OrsApplication app, CancellationToken cancel)
        {
            if (_control.Status(app).Status != OrsRunState.Stopped) _control.Stop(app);
            _waiter.WaitFor(app, x => x.Status == OrsRunState.Stopped, run.Settings.StopTimeout, "stop", cancel);
        }

        /// <summary>
        /// The rollback point. A run never replaces its own: an export already in the run's
        /// folder (an earlier attempt, a resumed or re-run journal) is kept as it is.
        /// </summary>
        private Dictionary<string, string> Export(UpgradeRun run, OrsApplication app)
        {
            var current = _repo.GetApplication(app.Dbid)
                ?? throw new OrsException("ApplicationNotFound", OrsErrorKind.NotFound, $"{app.Label} is no longer " +
                    "in the store.", app);
            OrsConfigExport export;
            using (var folder = new ExportFolder(run.ExportFolder, run.Key))
                export = folder.Export(current, CfgFlavor.Cfg, ExistingExport.Keep);
            if (export.Outcome == ExportOutcome.Kept)
                _events.Log($"{app.Name}: kept the run's rollback point '{export.Path}' from {export.ExportedAt:u} " +
                    $"(version {export.Version}).");
            return Facts("path", export.Path, "sha256", export.Sha256, "version", export.Version, "outcome",
                export.Outcome.ToString());
        }

        private Dictionary<string, string> Install(UpgradeRun run, OrsApplication app)
        {
            string target = run.Settings.TargetVersion;
            if (_control.Status(app).Version == target) return Facts("already", "true");
            _installer.Install(app, target, run.ExportFolder);
            return Facts("version", target);
        }

        private Dictionary<string, string> Configure(UpgradeRun run, OrsApplication app)
        {
            var s = run.Settings;
            var current = _repo.GetApplication(app.Dbid);
            var plan = MigrationRules.PlanObsoleteRemoval(current, OrsVersion.ReleaseLineStart(s.TargetVersion));
            var desired = plan.Desired;
            foreach (var kv in s.Options)
            {
                var key = OptionKey.Parse(kv.Key);
                desired.Set(key.Section, key.Name, kv.Value ?? string.Empty);
            }
            var changes = OptionPlan.Create(current, desired, (x, n)
                => $"Rolling upgrade to {s.TargetVersion}").Changes;
            if (changes.Count == 0) return Facts("changes", "0");
            current.Options = desired;
            _repo.Save(current);
            foreach (var w in plan.Warnings) _events.Warn(w);
            return Facts("changes", changes.Count.ToString(), "dbid", app.Dbid.ToString(), ChangeFacts.Key,
                ChangeFacts.Encode(changes));
        }

        private Dictionary<string, string> SetVersion(UpgradeRun run, OrsApplication app)
        {
            string target = run.Settings.TargetVersion;
            var current = _repo.GetApplication(app.Dbid);
            if (current.Version == target) return Facts("already", "true");
            var change = new OrsConfigChange
            {
                ApplicationName = app.Name, ApplicationDbid = app.Dbid,
                Section = Ha.RedundancyPlanner.ObjectSection, Name = "version",
                Action = OrsChangeAction.Update, OldValue = current.Version, NewValue = target,
            };
            current.Version = target;
            _repo.Save(current);
            return Facts("version", target, "dbid", app.Dbid.ToString(), ChangeFacts.Key,
                ChangeFacts.Encode(new[] { change }));
        }

        /// <summary>Starts the Application and verifies it comes up in backup mode (its partner serves).</summary>
        private Dictionary<string, string> Start(UpgradeRun run, OrsApplication app, CancellationToken cancel)
        {
            string target = run.Settings.TargetVersion;
            if (_control.Status(app).Status != OrsRunState.Running) _control.Start(app);
            var status = _waiter.WaitForStart(app, null, run.Settings.StartTimeout, cancel);
            if (status.Mode != OrsRunMode.Backup)
                throw new OrsException("NotBackupMode", OrsErrorKind.InvalidOperation, $"{app.Name} started in " +
                    $"{status.Mode} mode instead of backup mode.", app);
            if (status.Version != target)
                throw new OrsException("WrongVersion", OrsErrorKind.InvalidOperation, $"{app.Name} runs " +
                    $"{status.Version} instead of {target} after the installation.", app);
            return Facts("mode", "Backup", "version", status.Version);
        }

        internal static Dictionary<string, string> Facts(params string[] pairs)
        {
            var d = new Dictionary<string, string>();
            for (int i = 0; i + 1 < pairs.Length; i += 2) d[pairs[i]] = pairs[i + 1];
            return d;
        }
    }
}
