using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using OrsMigration.Config;
using OrsMigration.Control;
using OrsMigration.Export;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// Puts a failed Application back as the run found it: previous version re-installed, options
    /// and object fields restored from the run's rollback point, running again, and the node's
    /// roles as before (its primary serving). Does only what is needed, and says exactly what it
    /// did and where the node stands, never "nothing changed" when something did.
    /// </summary>
    public sealed class NodeRestorer
    {
        private readonly ConfigRepository _repo;
        private readonly IServerControl _control;
        private readonly IInstaller _installer;
        private readonly StateWaiter _waiter;

        public NodeRestorer(ConfigRepository repo, IServerControl control, IInstaller installer, StateWaiter waiter)
        {
            _repo = repo;
            _control = control;
            _installer = installer;
            _waiter = waiter;
        }

        /// <summary>Never throws: a restore that fails says how far it got and what to do by hand.</summary>
        public string Restore(UpgradeRun run, OrsNode node, UpgradeStepKind step, OrsApplication app)
        {
            var done = new List<string>();
            OrsConfigExport export = null;
            try
            {
                export = run.FindExport(app);
                RestoreInstallation(run, node, app, export, done);
                // The drained path stops everything on purpose; there the Application stays stopped.
                if (run.Settings.Strategy == UpgradeStrategy.Rolling)
                {
                    StartIfStopped(run, app, done);
                    RestoreRoles(run, node, done);
                }
                string summary = done.Count == 0 ? "nothing of it needed restoring" : string.Join("; ", done);
                run.Log(node, app, step, JournalEvent.RolledBack, StepExecutor.Facts("restored", summary, "state",
                    State(node)));
                return (done.Count == 0 ? "Nothing of it needed restoring."
                    : "Restored: " + summary + ".") + " Now: " + State(node) + ".";
            }
            catch (Exception e)
            {
                string how = export != null ? $" Restore it by hand from {export.Path} (Restore-OrsConfig " +
                    "-IncludeObject)." : string.Empty;
                return $"Restoring it failed after {(done.Count == 0 ? "no step" : string.Join("; ", done))}: " +
                    $"{e.Message} " +
                       $"Now: {SafeState(node)}.{how}";
            }
        }

        private void RestoreInstallation(UpgradeRun run, OrsNode node, OrsApplication app, OrsConfigExport export,
            List<string> done)
        {
            if (export == null) return;          // no rollback point yet: nothing but its run state was touched
            var source = RestoreSource.Load(export.Path, true, true, run.Key);
            var current = _repo.GetApplication(app.Dbid)
                ?? throw new OrsException("ApplicationNotFound", OrsErrorKind.NotFound, $"{app.Label} is no longer " +
                    "in the store.", app);
            bool configDiffers = !ConfigRestorer.AlreadyRestored(current, source);
            bool versionDiffers = _control.Status(app).Version != export.Version;
            if (!configDiffers && !versionDiffers) return;
            MakeStoppable(run, node, app, done);
            if (_control.Status(app).Status != OrsRunState.Stopped)
            {
                _control.Stop(app);
                _waiter.WaitFor(app, s => s.Status == OrsRunState.Stopped, run.Settings.StopTimeout, "stop",
                    CancellationToken.None);
                done.Add("stopped");
            }
            if (versionDiffers)
            {
                _installer.Install(app, export.Version, run.ExportFolder);
                done.Add($"version {export.Version} re-installed");
            }
            if (configDiffers)
            {
                var (plan, updated) = ConfigRestorer.Prepare(current, source, RestoreMode.Exact);
                ConfigRestorer.Write(_repo, updated, plan, source);
                done.Add("options and object fields restored from " + export.Path);
            }
        }

        /// <summary>
        /// A primary is never stopped while it serves: its partner takes over first, or nothing is stopped.
        /// </summary>
        private void MakeStoppable(UpgradeRun run, OrsNode node, OrsApplication app, List<string> done)
        {
            var status = _control.Status(app);
            if (status.Status != OrsRunState.Running || status.Mode != OrsRunMode.Primary) return;
            var partner = node.Partner(app);
            if (partner == null || _control.Status(partner).Status != OrsRunState.Running)
                throw new OrsException("HaInvariant", OrsErrorKind.InvalidOperation,
                    $"{app.Name} serves as primary and its partner is not running, so it was left running rather " +
                    "than take the node down.", app);
            _control.Switchover(app);
            _waiter.WaitFor(partner, s => s.Mode == OrsRunMode.Primary, run.Settings.SwitchoverTimeout,
                "become primary", CancellationToken.None);
            done.Add($"{partner.Name} made primary");
        }

        private void StartIfStopped(UpgradeRun run, OrsApplication app, List<string> done)
        {
            if (_control.Status(app).Status == OrsRunState.Running) return;
            _control.Start(app);
            var s = _waiter.WaitForStart(app, null, run.Settings.StartTimeout, CancellationToken.None);
            done.Add($"started again ({s.Mode} mode)");
        }

        /// <summary>The node's primary serves again, as it did when the run found it.</summary>
        private void RestoreRoles(UpgradeRun run, OrsNode node, List<string> done)
        {
            if (node.Backup == null) return;
            var p = _control.Status(node.Primary);
            var b = _control.Status(node.Backup);
            if (p.Status != OrsRunState.Running || b.Status != OrsRunState.Running
                || p.Mode == OrsRunMode.Primary) return;
            _control.Switchover(node.Backup);
            _waiter.WaitFor(node.Primary, s => s.Mode == OrsRunMode.Primary, run.Settings.SwitchoverTimeout,
                "become primary again", CancellationToken.None);
            done.Add($"{node.Primary.Name} primary again");
        }

        private string State(OrsNode node) =>
            string.Join(", ", node.Applications.Select(a
                => { var s = _control.Status(a); return $"{a.Name} {s.Status} {s.Mode} {s.Version}"; }));

        private string SafeState(OrsNode node)
        {
            try { return State(node); }
            catch (Exception e) { return $"the node's state could not be read ({e.Message})"; }
        }
    }
}
