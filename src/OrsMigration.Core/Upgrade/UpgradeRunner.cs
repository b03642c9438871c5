using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Config;
using OrsMigration.Control;
using OrsMigration.Persistence;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// Runs an upgrade plan: each step journaled before and after, verified, and safe to run again
    /// (a resumed run finds a half-done step's effect and goes on). One failure boundary: any
    /// exception in a step or between steps is journaled, the Application restored, and the run
    /// ends with a report; nodes already done stay upgraded.
    /// </summary>
    public sealed partial class UpgradeRunner
    {
        private readonly IServerControl _control;
        private readonly SessionLedger _sessions;
        private readonly IUpgradeEvents _events;
        private readonly StepExecutor _steps;
        private readonly NodeRestorer _restorer;
        private readonly StateWaiter _waiter;
        private readonly HealthGate _gate;

        /// <param name="healthCheck">The site's own health check (-HealthCheck), or null.</param>
        public UpgradeRunner(ConfigRepository repo, IServerControl control, IInstaller installer,
            ISessionStore sessions, IUpgradeEvents events, TimeSpan pollInterval, IHealthCheck healthCheck = null)
        {
            _control = control;
            _sessions = new SessionLedger(sessions);
            _events = events;
            _waiter = new StateWaiter(control, pollInterval);
            _steps = new StepExecutor(repo, control, installer, _sessions, _waiter, events);
            _restorer = new NodeRestorer(repo, control, installer, _waiter);
            _gate = new HealthGate(control, sessions, healthCheck);
        }

        public OrsUpgradeReport Run(UpgradeRun run, CancellationToken cancel)
        {
            var report = run.Report;
            try
            {
                if (run.Journal.RunStart == null)
                {
                    var facts = StepExecutor.Facts("signature", run.Plan.Signature, "target",
                        run.Settings.TargetVersion, ResumeCheck.VersionsFact, ResumeCheck.Versions(run.Plan));
                    foreach (var f in PolicyFacts.OfRun(run.Settings.Policy)) facts[f.Key] = f.Value;
                    run.Log(null, null, UpgradeStepKind.Run, JournalEvent.RunStarted, facts);
                }
                run.Log(null, null, UpgradeStepKind.Invocation, JournalEvent.Started,
                    PolicyFacts.OfInvocation(run.Settings.Policy));
                report.SessionsBefore = _sessions.Total(cancel);
                foreach (var node in run.Plan.Nodes) Sample(run, node);
                if (run.Settings.Strategy == UpgradeStrategy.Drained)
                {
                    RunDrained(run, cancel);
                    report.Outcome = UpgradeOutcome.Succeeded;
                }
                else Conclude(report, RunRolling(run, cancel));
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                report.Outcome = UpgradeOutcome.Stopped;
                report.Error = "Stopped between steps; run again with -Resume to continue.";
            }
            catch (UpgradeStepFailed e) { Fail(report, e.ErrorId, e.Message); }
            catch (NodeGateFailed e) { Fail(report, e.ErrorId, e.Message); }
            catch (Exception e)
            {
                Fail(report, (e as OrsException)?.ErrorId ?? "OrsMigration.UpgradeFailed",
                    $"The run stopped on an unexpected error ({Describe(e)}); no step was left half-done by the " +
                    "runner. " +
                    "Check the node states in the report, then run again with -Resume.");
            }
            Finish(run);
            return report;
        }

        private static void Fail(OrsUpgradeReport report, string errorId, string message)
        {
            report.Outcome = UpgradeOutcome.Failed;
            report.ErrorId = errorId;
            report.Error = message;
        }

        private void Finish(UpgradeRun run)
        {
            var report = run.Report;
            report.Finished = DateTimeOffset.Now;
            try { run.Log(null, null, UpgradeStepKind.Run, JournalEvent.RunFinished, StepExecutor.Facts("outcome",
                report.Outcome.ToString())); }
            catch (Exception e)
            {
                string note = $" The journal's last line could not be written ({Describe(e)}).";
                report.Error = (report.Error + note).Trim();
            }
            var entries = run.Journal.Entries.Where(e => e.RunId == run.Plan.RunId).ToList();
            report.Steps = entries;
            report.Changes = ChangeFacts.FromJournal(entries, run.Settings.TargetVersion);
            (report.MixedVersions, report.MixedVersionsAtEnd) = MixedVersions.Of(report.Timeline, report.Finished);
        }

        /// <summary>
        /// The guide's steps for the primary (served meanwhile by its backup), then for the backup (served by the
        /// upgraded primary).
        /// </summary>
        private void UpgradeNode(UpgradeRun run, OrsNode node, int nodeIndex, CancellationToken cancel)
        {
            var steps = run.Plan.Steps.Where(s => s.Node == node).ToList();
            for (int k = 0; k < steps.Count; k++)
            {
                cancel.ThrowIfCancellationRequested();
                var step = steps[k];
                _events.Step(node, nodeIndex, run.Plan.Nodes.Count, $"{step.Kind} {step.Application.Name}", k,
                    steps.Count);
                RunStep(run, node, step.Kind, step.Application, cancel);
            }
            run.Result(node).Outcome = NodeOutcome.Upgraded;
            _events.NodeDone(node);
        }

        /// <summary>
        /// The failure boundary: whatever a step throws, the failure is journaled and the Application restored.
        /// </summary>
        private void RunStep(UpgradeRun run, OrsNode node, UpgradeStepKind step, OrsApplication app,
            CancellationToken cancel)
        {
            if (run.Journal.Succeeded(node.NodeId, step, app.Name)) return;
            try
            {
                run.Log(node, app, step, JournalEvent.Started);
                var facts = _steps.Execute(run, node, step, app, cancel);
                run.Log(node, app, step, JournalEvent.Succeeded, facts);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { throw; }
            catch (Exception e) { throw Failed(run, node, step, app, e); }
            Sample(run, node);
        }

        /// <summary>Journals the failure, restores the Application, and makes the error that stops the run.</summary>
        private UpgradeStepFailed Failed(UpgradeRun run, OrsNode node, UpgradeStepKind step, OrsApplication app,
            Exception e)
        {
            string journalNote = string.Empty;
            try { run.Log(node, app, step, JournalEvent.Failed, StepExecutor.Facts("error", Describe(e))); }
            catch (Exception je) { journalNote = $" (The failure could not be journaled: {Describe(je)}.)"; }
            string restored = _restorer.Restore(run, node, step, app);
            var r = run.Result(node);
            r.Outcome = NodeOutcome.Failed;
            r.FailedStep = step;
            r.Message = $"Node {node.Name}: step '{step}' of {app.Name} failed: {Describe(e)} {restored}{journalNote}";
            return new UpgradeStepFailed(r.Message, e);
        }

        /// <summary>
        /// An engine error's own message; anything else named by its type, so an unexpected failure is recognisable.
        /// </summary>
        private static string Describe(Exception e) => e is OrsException ? e.Message : $"{e.GetType().Name}: " +
            $"{e.Message}";

        private void RunDrained(UpgradeRun run, CancellationToken cancel)
        {
            WaitForDrain(run, cancel);
            foreach (var step in run.Plan.Steps)
            {
                cancel.ThrowIfCancellationRequested();
                _events.Step(step.Node, run.Plan.Nodes.IndexOf(step.Node), run.Plan.Nodes.Count, $"{step.Kind} " +
                    $"{step.Application.Name}", 0, 1);
                RunStep(run, step.Node, step.Kind, step.Application, cancel);
            }
            // Primaries first, so each backup comes up in backup mode behind its primary.
            foreach (var node in run.Plan.Nodes) StartDrained(run, node, node.Primary, OrsRunMode.Primary, cancel);
            foreach (var node in run.Plan.Nodes.Where(n => n.Backup != null)) StartDrained(run, node, node.Backup,
                OrsRunMode.Backup, cancel);
            foreach (var node in run.Plan.Nodes) run.Result(node).Outcome = NodeOutcome.Upgraded;
        }

        private void StartDrained(UpgradeRun run, OrsNode node, OrsApplication app, OrsRunMode mode,
            CancellationToken cancel)
        {
            if (run.Journal.Succeeded(node.NodeId, UpgradeStepKind.Start, app.Name)) return;
            try
            {
                run.Log(node, app, UpgradeStepKind.Start, JournalEvent.Started);
                if (_control.Status(app).Status != OrsRunState.Running) _control.Start(app);
                _waiter.WaitForStart(app, mode, run.Settings.StartTimeout, cancel);
                run.Log(node, app, UpgradeStepKind.Start, JournalEvent.Succeeded, StepExecutor.Facts("mode",
                    mode.ToString()));
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { throw; }
            catch (Exception e) { throw Failed(run, node, UpgradeStepKind.Start, app, e); }
        }

        /// <summary>From 8.1.2: nothing may be stopped until the session store shows no session.</summary>
        private void WaitForDrain(UpgradeRun run, CancellationToken cancel)
        {
            var s = run.Settings;
            var deadline = DateTime.UtcNow + s.DrainTimeout;
            while (true)
            {
                long left = _sessions.Total(cancel);
                if (left == 0) return;
                if (DateTime.UtcNow >= deadline)
                    throw new UpgradeStepFailed($"Sessions did not drain within {s.DrainTimeout}: {left} left. " +
                        "Nothing was stopped. " +
                        "Stop new traffic to ORS and run again.", new OrsException("DrainTimeout",
                            OrsErrorKind.OperationTimeout, "drain", null));
                _events.Log($"Waiting for {left} persisted session(s) to end.");
                if (cancel.WaitHandle.WaitOne(s.PollInterval)) cancel.ThrowIfCancellationRequested();
            }
        }

        /// <summary>A point of the report's timeline; a failure to read it costs the point, never the run.</summary>
        private void Sample(UpgradeRun run, OrsNode node)
        {
            try
            {
                long total = _sessions.Total(CancellationToken.None);
                foreach (var app in node.Applications)
                {
                    var s = _control.Status(app);
                    run.AddTimeline(new TimelinePoint
                    {
                        Time = DateTimeOffset.Now, Application = app.Name,
                        Status = s.Status.ToString(), Mode = s.Mode.ToString(),
                        Version = s.Version, Sessions = total,
                    });
                }
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                _events.Log($"{node.Name}: the timeline point could not be read ({Describe(e)}).");
            }
        }
    }

    /// <summary>A step failed (its Application restored as far as possible); the run stops.</summary>
    public sealed class UpgradeStepFailed : OrsException
    {
        public UpgradeStepFailed(string message, Exception inner)
            : base("UpgradeStepFailed", OrsErrorKind.InvalidOperation, message, null, inner) { }
    }
}
