using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Catalog;
using OrsMigration.Cfg;
using OrsMigration.Config;
using OrsMigration.Control;
using OrsMigration.Export;
using OrsMigration.Persistence;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// Runs an upgrade plan: each step journaled before and after, verified, and made safe to run
    /// again (a resumed run finds a half-done step's effect and goes on). A failed step restores its
    /// Application from the export and stops the run; nodes already done stay upgraded.
    /// </summary>
    public sealed class UpgradeRunner
    {
        private readonly ConfigRepository _repo;
        private readonly IServerControl _control;
        private readonly IInstaller _installer;
        private readonly SessionLedger _sessions;
        private readonly IUpgradeEvents _events;
        private readonly object _gate = new object();
        private UpgradePlan _plan;
        private UpgradeJournal _journal;
        private OrsUpgradeReport _report;

        public UpgradeRunner(ConfigRepository repo, IServerControl control, IInstaller installer, ISessionStore sessions, IUpgradeEvents events)
        {
            _repo = repo;
            _control = control;
            _installer = installer;
            _sessions = new SessionLedger(sessions);
            _events = events;
        }

        private UpgradeSettings S => _plan.Settings;

        public OrsUpgradeReport Run(UpgradePlan plan, UpgradeJournal journal, CancellationToken cancel)
        {
            _plan = plan;
            _journal = journal;
            _report = new OrsUpgradeReport
            {
                RunId = plan.RunId, TargetVersion = S.TargetVersion, Strategy = S.Strategy.ToString(), Started = DateTimeOffset.Now,
                JournalPath = journal.Path, Nodes = plan.Nodes.Select(n => new OrsUpgradeNodeResult { NodeId = n.NodeId, Name = n.Name }).ToList(),
            };
            if (journal.RunStart == null)
                journal.Append(plan.RunId, 0, null, "run", "run-started", new Dictionary<string, string> { ["signature"] = plan.Signature, ["target"] = S.TargetVersion });
            _report.SessionsBefore = _sessions.Total(cancel);
            foreach (var node in plan.Nodes) Sample(node, cancel);
            try
            {
                if (S.Strategy == UpgradeStrategy.Drained) RunDrained(cancel);
                else RunRolling(cancel);
                _report.Outcome = "Succeeded";
            }
            catch (OperationCanceledException)
            {
                _report.Outcome = "Stopped";
                _report.Error = "Stopped between steps; run again with -Resume to continue.";
            }
            catch (UpgradeStepFailed e)
            {
                _report.Outcome = "Failed";
                _report.Error = e.Message;
            }
            _report.Finished = DateTimeOffset.Now;
            journal.Append(plan.RunId, 0, null, "run", "run-finished", new Dictionary<string, string> { ["outcome"] = _report.Outcome });
            _report.Steps = journal.Entries.Where(e => e.RunId == plan.RunId).ToList();
            return _report;
        }

        private void RunRolling(CancellationToken cancel)
        {
            int index = 0;
            Exception failure = null;
            var tasks = new List<Task>();
            using (var slots = new SemaphoreSlim(Math.Max(1, S.MaxParallelNodes)))
            {
                try
                {
                    foreach (var node in _plan.Nodes)
                    {
                        slots.Wait(cancel);
                        if (Volatile.Read(ref failure) != null) { slots.Release(); break; }
                        int i = index++;
                        tasks.Add(Task.Run(() =>
                        {
                            try { UpgradeNode(node, i, cancel); }
                            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
                            finally { slots.Release(); }
                        }));
                    }
                }
                finally
                {
                    // Nodes in maintenance always finish their current step before the run returns,
                    // so nothing writes to the journal after the run says it has ended.
                    Task.WaitAll(tasks.ToArray());
                }
            }
            if (failure != null) throw failure is AggregateException a ? a.InnerException : failure;
            cancel.ThrowIfCancellationRequested();
        }

        /// <summary>Steps 1-9 for the primary (served meanwhile by its backup), then for the backup (served by the upgraded primary).</summary>
        private void UpgradeNode(OrsNode node, int nodeIndex, CancellationToken cancel)
        {
            var steps = _plan.Steps.Where(s => s.Node == node).ToList();
            for (int k = 0; k < steps.Count; k++)
            {
                cancel.ThrowIfCancellationRequested();
                var step = steps[k];
                _events.Step(node, nodeIndex, _plan.Nodes.Count, $"{step.Name} {step.Application.Name}", k, steps.Count);
                RunStep(node, step, cancel);
            }
            Result(node).Outcome = "Upgraded";
            _events.NodeDone(node);
        }

        private void RunStep(OrsNode node, PlannedStep step, CancellationToken cancel)
        {
            var app = step.Application;
            if (_journal.Succeeded(node.NodeId, step.Name, app.Name)) return;
            _journal.Append(_plan.RunId, node.NodeId, app.Name, step.Name, "started");
            Dictionary<string, string> facts;
            try { facts = Execute(node, step.Name, app, cancel); }
            catch (OperationCanceledException) { throw; }
            catch (Exception e) when (e is OrsException || e is IOException || e is InvalidOperationException)
            {
                throw Failed(node, step.Name, app, e, cancel);
            }
            _journal.Append(_plan.RunId, node.NodeId, app.Name, step.Name, "succeeded", facts);
            Sample(node, cancel);
        }

        /// <summary>Journals the failure, restores the Application, and makes the error that stops the run.</summary>
        private UpgradeStepFailed Failed(OrsNode node, string step, OrsApplication app, Exception e, CancellationToken cancel)
        {
            _journal.Append(_plan.RunId, node.NodeId, app.Name, step, "failed", new Dictionary<string, string> { ["error"] = e.Message });
            string restored = Restore(node, step, app, cancel);
            var r = Result(node);
            r.Outcome = "Failed";
            r.FailedStep = step;
            r.Message = $"Node {node.Name}: step '{step}' of {app.Name} failed: {e.Message} {restored}";
            return new UpgradeStepFailed(r.Message, e);
        }

        private Dictionary<string, string> Execute(OrsNode node, string step, OrsApplication app, CancellationToken cancel)
        {
            switch (step)
            {
                case "switchover": return Switchover(node, app, cancel);
                case "stop": return Stop(node, app, cancel);
                case "export": return Export(app);
                case "install": return Install(app);
                case "configure": return Configure(app);
                case "set-version": return SetVersion(app);
                case "start": return Start(node, app, cancel);
                default: throw new InvalidOperationException("Unknown step " + step);
            }
        }

        /// <summary>Makes app's partner the primary, accounting for every persisted session of the node.</summary>
        private Dictionary<string, string> Switchover(OrsNode node, OrsApplication from, CancellationToken cancel)
        {
            var to = node.Applications.First(a => a.Dbid != from.Dbid);
            var status = _control.Status(from);
            if (status.Mode == OrsRunMode.Backup && _control.Status(to).Mode == OrsRunMode.Primary)
                return Facts("already", "true");
            var before = _sessions.Snapshot(node.NodeId, cancel);
            _control.Switchover(from);
            WaitFor(to, s => s.Status == OrsRunState.Running && s.Mode == OrsRunMode.Primary, S.SwitchoverTimeout, "become primary", cancel);
            WaitFor(from, s => s.Mode == OrsRunMode.Backup || s.Status != OrsRunState.Running, S.SwitchoverTimeout, "leave primary mode", cancel);
            var (carried, ended, lost) = _sessions.Account(before, node.NodeId, to.Name, cancel);
            lock (_gate) { _report.SessionsCarried += carried; _report.SessionsEnded += ended; _report.SessionsLost += lost; }
            if (lost > 0)
                throw new OrsException("SessionsLost", OrsErrorKind.InvalidOperation,
                    $"The switchover to {to.Name} lost {lost} of {before.Count} persisted session(s) (check that the strategies set _sendSessionRecovered to true).", to);
            return Facts("persisted", before.Count.ToString(), "carried", carried.ToString(), "ended", ended.ToString(), "lost", "0", "primary", to.Name);
        }

        private Dictionary<string, string> Stop(OrsNode node, OrsApplication app, CancellationToken cancel)
        {
            var partner = node.Applications.First(a => a.Dbid != app.Dbid);
            var ps = _control.Status(partner);
            if (ps.Status != OrsRunState.Running || ps.Mode != OrsRunMode.Primary)
                throw new OrsException("HaInvariant", OrsErrorKind.InvalidOperation,
                    $"{app.Name} cannot be stopped: its partner {partner.Name} is not serving as primary ({ps.Status}, {ps.Mode}), and both halves of a node are never down at once.", app);
            foreach (var w in UpgradePlanner.RestartWarnings(app)) _events.Warn(w);
            if (_control.Status(app).Status != OrsRunState.Stopped) _control.Stop(app);
            WaitFor(app, s => s.Status == OrsRunState.Stopped, S.StopTimeout, "stop", cancel);
            return Facts("status", "Stopped");
        }

        private Dictionary<string, string> Export(OrsApplication app)
        {
            var current = _repo.GetApplication(app.Dbid);
            var export = ConfigExporter.Export(current, ExportFolder, CfgFlavor.Cfg, overwrite: true);
            ExportManifest.Load(ExportFolder).Save(new[] { export });
            return Facts("path", export.Path, "sha256", export.Sha256, "version", current.Version);
        }

        private Dictionary<string, string> Install(OrsApplication app)
        {
            var status = _control.Status(app);
            if (status.Version == S.TargetVersion) return Facts("already", "true");
            _installer.Install(app, S.TargetVersion, ExportFolder);
            return Facts("version", S.TargetVersion);
        }

        private Dictionary<string, string> Configure(OrsApplication app)
        {
            var current = _repo.GetApplication(app.Dbid);
            var plan = MigrationRules.PlanObsoleteRemoval(current, OrsVersion.ReleaseLineStart(S.TargetVersion));
            var desired = plan.Desired;
            foreach (var kv in S.Options)
            {
                int slash = kv.Key.IndexOf('/');
                desired.Set(kv.Key.Substring(0, slash), kv.Key.Substring(slash + 1), kv.Value ?? string.Empty);
            }
            var changes = OptionPlan.Create(current, desired, (s, n) => $"Rolling upgrade to {S.TargetVersion}").Changes;
            if (changes.Count == 0) return Facts("changes", "0");
            current.Options = desired;
            _repo.Save(current);
            lock (_gate) foreach (var c in changes) { c.Applied = true; _report.Changes.Add(c); }
            foreach (var w in plan.Warnings) _events.Warn(w);
            return Facts("changes", changes.Count.ToString());
        }

        private Dictionary<string, string> SetVersion(OrsApplication app)
        {
            var current = _repo.GetApplication(app.Dbid);
            if (current.Version == S.TargetVersion) return Facts("already", "true");
            string old = current.Version;
            current.Version = S.TargetVersion;
            _repo.Save(current);
            lock (_gate) _report.Changes.Add(new OrsConfigChange
            {
                ApplicationName = app.Name, ApplicationDbid = app.Dbid, Section = Ha.RedundancyPlanner.ObjectSection, Name = "version",
                Action = OrsChangeAction.Update, OldValue = old, NewValue = S.TargetVersion, Reason = "Rolling upgrade", Applied = true,
            });
            return Facts("version", S.TargetVersion);
        }

        /// <summary>Starts the Application and verifies it comes up in backup mode (its partner serves).</summary>
        private Dictionary<string, string> Start(OrsNode node, OrsApplication app, CancellationToken cancel)
        {
            if (_control.Status(app).Status != OrsRunState.Running) _control.Start(app);
            var status = WaitFor(app, s => s.Status == OrsRunState.Running && s.Mode != OrsRunMode.Unknown, S.StartTimeout, "start", cancel);
            if (status.Mode != OrsRunMode.Backup)
                throw new OrsException("NotBackupMode", OrsErrorKind.InvalidOperation, $"{app.Name} started in {status.Mode} mode instead of backup mode.", app);
            if (status.Version != S.TargetVersion)
                throw new OrsException("WrongVersion", OrsErrorKind.InvalidOperation, $"{app.Name} runs {status.Version} instead of {S.TargetVersion} after the installation.", app);
            return Facts("mode", "Backup", "version", status.Version);
        }

        /// <summary>
        /// Puts the failing Application back as it was: stopped (if it runs as backup), previous
        /// version re-installed, options and object fields restored exactly from its export, started
        /// again in backup mode. Says what was restored.
        /// </summary>
        private string Restore(OrsNode node, string step, OrsApplication app, CancellationToken cancel)
        {
            var export = ExportManifest.Load(ExportFolder).Find(Path.Combine(ExportFolder, ConfigExporter.FileBaseName(app) + ".cfg"));
            if (export == null || step == "switchover" || step == "stop" || step == "export")
                return "Nothing of it had been changed yet.";
            var done = new List<string>();
            try
            {
                var status = _control.Status(app);
                if (status.Status != OrsRunState.Stopped && status.Mode != OrsRunMode.Primary)
                {
                    _control.Stop(app);
                    WaitFor(app, s => s.Status == OrsRunState.Stopped, S.StopTimeout, "stop", CancellationToken.None);
                }
                if (_control.Status(app).Version != export.Version)
                {
                    _installer.Install(app, export.Version, ExportFolder);
                    done.Add($"version {export.Version} re-installed");
                }
                RestoreConfig(app, export);
                done.Add("options and object fields restored from " + export.Path);
                _control.Start(app);
                WaitFor(app, s => s.Status == OrsRunState.Running && s.Mode == OrsRunMode.Backup, S.StartTimeout, "start in backup mode", CancellationToken.None);
                done.Add("started again in backup mode");
                if (app.Dbid == node.Primary.Dbid && node.Backup != null)
                {
                    // It was the node's primary before the run: give it that role back.
                    _control.Switchover(node.Backup);
                    WaitFor(app, s => s.Mode == OrsRunMode.Primary, S.SwitchoverTimeout, "become primary again", CancellationToken.None);
                    done.Add("primary again");
                }
                _journal.Append(_plan.RunId, node.NodeId, app.Name, step, "rolled-back", new Dictionary<string, string> { ["restored"] = string.Join("; ", done) });
                return "Restored: " + string.Join("; ", done) + ".";
            }
            catch (Exception e) when (e is OrsException || e is IOException)
            {
                return $"Restoring it failed after {(done.Count == 0 ? "no step" : string.Join("; ", done))}: {e.Message} Restore it by hand from {export.Path} (Restore-OrsConfig -IncludeObject).";
            }
        }

        private void RestoreConfig(OrsApplication app, OrsConfigExport export)
        {
            var source = RestoreSource.Load(export.Path, true, true);
            var target = _repo.GetApplication(app.Dbid);
            var plan = RestorePlanner.Plan(target, source, RestoreMode.Exact);
            target.Options = plan.Desired;
            RestorePlanner.ApplySnapshotFields(target, source.Snapshot);
            _repo.Save(target);
            string difference = RestorePlanner.VerifyDifference(_repo.GetApplication(app.Dbid), plan.Desired, source.Snapshot);
            if (difference.Length > 0)
                throw new OrsException("RestoreVerifyFailed", OrsErrorKind.InvalidData, $"{app.Label} was restored but {difference}.", app);
        }

        private void RunDrained(CancellationToken cancel)
        {
            var all = _plan.Nodes.SelectMany(n => n.Applications).ToList();
            WaitForDrain(cancel);
            foreach (var step in _plan.Steps)
            {
                cancel.ThrowIfCancellationRequested();
                _events.Step(step.Node, _plan.Nodes.IndexOf(step.Node), _plan.Nodes.Count, $"{step.Name} {step.Application.Name}", 0, 1);
                RunDrainedStep(step, cancel);
            }
            // Primaries first, so each backup comes up in backup mode behind its primary.
            foreach (var node in _plan.Nodes) StartDrained(node, node.Primary, OrsRunMode.Primary, cancel);
            foreach (var node in _plan.Nodes.Where(n => n.Backup != null)) StartDrained(node, node.Backup, OrsRunMode.Backup, cancel);
            foreach (var node in _plan.Nodes) Result(node).Outcome = "Upgraded";
        }

        private void RunDrainedStep(PlannedStep step, CancellationToken cancel)
        {
            var app = step.Application;
            if (_journal.Succeeded(step.Node.NodeId, step.Name, app.Name)) return;
            _journal.Append(_plan.RunId, step.Node.NodeId, app.Name, step.Name, "started");
            try
            {
                Dictionary<string, string> facts;
                if (step.Name == "stop")
                {
                    if (_control.Status(app).Status != OrsRunState.Stopped) _control.Stop(app);
                    WaitFor(app, s => s.Status == OrsRunState.Stopped, S.StopTimeout, "stop", cancel);
                    facts = Facts("status", "Stopped");
                }
                else facts = Execute(step.Node, step.Name, app, cancel);
                _journal.Append(_plan.RunId, step.Node.NodeId, app.Name, step.Name, "succeeded", facts);
            }
            catch (Exception e) when (e is OrsException || e is IOException)
            {
                throw Failed(step.Node, step.Name, app, e, cancel);
            }
        }

        private void StartDrained(OrsNode node, OrsApplication app, OrsRunMode mode, CancellationToken cancel)
        {
            if (_journal.Succeeded(node.NodeId, "start", app.Name)) return;
            _journal.Append(_plan.RunId, node.NodeId, app.Name, "start", "started");
            _control.Start(app);
            WaitFor(app, s => s.Status == OrsRunState.Running && s.Mode == mode, S.StartTimeout, $"start in {mode} mode", cancel);
            _journal.Append(_plan.RunId, node.NodeId, app.Name, "start", "succeeded", Facts("mode", mode.ToString()));
        }

        /// <summary>From 8.1.2: nothing may be stopped until the session store shows no session.</summary>
        private void WaitForDrain(CancellationToken cancel)
        {
            var deadline = DateTime.UtcNow + S.DrainTimeout;
            while (true)
            {
                long left = _sessions.Total(cancel);
                if (left == 0) return;
                if (DateTime.UtcNow >= deadline)
                    throw new UpgradeStepFailed($"Sessions did not drain within {S.DrainTimeout}: {left} left. Nothing was stopped. Stop new traffic to ORS and run again.",
                        new OrsException("DrainTimeout", OrsErrorKind.OperationTimeout, "drain", null));
                _events.Log($"Waiting for {left} persisted session(s) to end.");
                if (cancel.WaitHandle.WaitOne(S.PollInterval)) cancel.ThrowIfCancellationRequested();
            }
        }

        private OrsServerStatus WaitFor(OrsApplication app, Func<OrsServerStatus, bool> done, TimeSpan timeout, string what, CancellationToken cancel)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var status = _control.Status(app);
                if (done(status)) return status;
                if (DateTime.UtcNow >= deadline)
                    throw new OrsException("StepTimeout", OrsErrorKind.OperationTimeout, $"{app.Name} did not {what} within {timeout.TotalSeconds:0.#} s (it is {status.Status}, {status.Mode}).", app);
                if (cancel.WaitHandle.WaitOne(Pause(app, deadline))) cancel.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Until the control says the state changes (the lab knows), else one poll interval; never past the deadline.</summary>
        private TimeSpan Pause(OrsApplication app, DateTime deadline)
        {
            var pause = S.PollInterval;
            var next = (_control as IStateChangeHint)?.NextChangeUtc(app);
            if (next.HasValue) pause = next.Value - DateTime.UtcNow + TimeSpan.FromMilliseconds(1);
            var left = deadline - DateTime.UtcNow;
            if (pause > left) pause = left;
            return pause < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : pause;
        }

        private void Sample(OrsNode node, CancellationToken cancel)
        {
            long total = _sessions.Total(cancel);
            foreach (var app in node.Applications)
            {
                var s = _control.Status(app);
                lock (_gate) _report.Timeline.Add(new TimelinePoint { Time = DateTimeOffset.Now, Application = app.Name, Status = s.Status.ToString(), Mode = s.Mode.ToString(), Version = s.Version, Sessions = total });
            }
        }

        private string ExportFolder => Path.Combine(S.ExportPath, _plan.RunId);

        private OrsUpgradeNodeResult Result(OrsNode node) => _report.Nodes.First(n => n.NodeId == node.NodeId);

        private static Dictionary<string, string> Facts(params string[] pairs)
        {
            var d = new Dictionary<string, string>();
            for (int i = 0; i + 1 < pairs.Length; i += 2) d[pairs[i]] = pairs[i + 1];
            return d;
        }
    }

    /// <summary>A step failed (its Application restored as far as possible); the run stops.</summary>
    public sealed class UpgradeStepFailed : OrsException
    {
        public UpgradeStepFailed(string message, Exception inner) : base("UpgradeStepFailed", OrsErrorKind.InvalidOperation, message, null, inner) { }
    }
}
