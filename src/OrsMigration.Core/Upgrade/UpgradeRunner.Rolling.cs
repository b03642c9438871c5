using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Upgrade
{
    /// <summary>How the rolling path ended, short of an exception.</summary>
    public sealed class RollingOutcome
    {
        /// <summary>Why no further node was started (window, node count); null when every node was tried.</summary>
        public string StoppedBecause { get; set; }
        /// <summary>Node failures of this invocation within the budget (each node restored).</summary>
        public List<string> Failures { get; } = new List<string>();
    }

    public sealed partial class UpgradeRunner
    {
        private static void Conclude(OrsUpgradeReport report, RollingOutcome outcome)
        {
            if (outcome.StoppedBecause != null)
            {
                report.Outcome = UpgradeOutcome.Stopped;
                report.Error = outcome.StoppedBecause + " Run again with -Resume to continue.";
            }
            else if (outcome.Failures.Count > 0)
            {
                report.Outcome = UpgradeOutcome.CompletedWithFailures;
                report.Error = string.Join(" ", outcome.Failures) + " Run again with -Resume to try the failed " +
                    "node(s) again.";
            }
            else report.Outcome = UpgradeOutcome.Succeeded;
        }

        /// <summary>
        /// The canaries, their soak, then the other nodes: each started when a slot is free and the order
        /// allows, none after a stop point or past the failure budget; nodes in maintenance always finish.
        /// </summary>
        private RollingOutcome RunRolling(UpgradeRun run, CancellationToken cancel)
        {
            var policy = run.Settings.Policy;
            var state = new RollingState(run, NodeScheduler.Order(run.Plan.Nodes, policy.NodeOrder));
            run.Report.Policy = PolicyFacts.Describe(policy, HasHealthCheck);
            var canaries = state.Ordered.Take(policy.CanaryNodes).ToList();
            Pass(run, state, canaries, true, cancel);
            if (state.StopsHere(out var end)) return end;
            if (canaries.Count > 0 && !run.Journal.Succeeded(0, UpgradeStepKind.Soak, null))
                Soak(run, canaries, cancel);
            Pass(run, state, state.Ordered.Skip(canaries.Count).ToList(), false, cancel);
            state.StopsHere(out end);
            return end;
        }

        private bool HasHealthCheck => _gate.HasSiteCheck;

        private void Pass(UpgradeRun run, RollingState state, List<OrsNode> nodes, bool canary,
            CancellationToken cancel)
        {
            var pending = nodes.Where(n => !NodeDone(run, n)).ToList();
            foreach (var done in nodes.Except(pending)) run.Result(done).Outcome = NodeOutcome.Upgraded;
            var tasks = new List<Task>();
            using (var slots = new SemaphoreSlim(Math.Max(1, run.Settings.MaxParallelNodes)))
            {
                try
                {
                    while (pending.Count > 0 && state.MayStartAnother())
                    {
                        slots.Wait(cancel);
                        // A slot can take long to free: the window or the budget may have closed meanwhile.
                        if (!state.MayStartAnother()) { slots.Release(); break; }
                        var node = state.Take(pending);
                        if (node == null)
                        {
                            slots.Release();
                            if (pending.Count > 0) state.WaitForANodeToFinish(cancel);
                            continue;
                        }
                        int index = state.Ordered.IndexOf(node);
                        tasks.Add(Task.Run(() =>
                        {
                            bool upgraded = false;
                            try { UpgradeAndGate(run, node, index, canary, cancel); upgraded = true; }
                            catch (UpgradeStepFailed e) when (!canary && state.GoesOnAfterFailureOf(node))
                            {
                                state.NodeFailed(node, RestoreWholeNode(run, node, e), false);
                            }
                            catch (Exception e) { state.NodeFailed(node, e, canary); }
                            finally { state.NodeFinished(node, upgraded); slots.Release(); }
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
            state.ThrowIfFatal();
            cancel.ThrowIfCancellationRequested();
        }

        /// <summary>
        /// When the run goes on past a failed node, the node's other Application is put back too, so no node
        /// is left half upgraded while the others proceed.
        /// </summary>
        private UpgradeStepFailed RestoreWholeNode(UpgradeRun run, OrsNode node, UpgradeStepFailed failure)
        {
            var restored = new List<string>();
            foreach (var app in new[] { node.Backup, node.Primary }.Where(a => a != null))
            {
                if (!run.Plan.Steps.Any(s => s.Node == node && s.Application == app
                        && run.Journal.Succeeded(node.NodeId, s.Kind, app.Name))) continue;
                restored.Add($"{app.Name}: {_restorer.Restore(run, node, UpgradeStepKind.Rollback, app)}");
            }
            if (restored.Count == 0) return failure;
            var r = run.Result(node);
            r.Message = $"{r.Message} The run goes on (-MaxFailedNodes), so the whole node was put back: " +
                string.Join(" ", restored);
            return new UpgradeStepFailed(r.Message, failure.InnerException);
        }

        /// <summary>A node is done when all its steps and its gate stand in the journal.</summary>
        private static bool NodeDone(UpgradeRun run, OrsNode node) =>
            run.Plan.Steps.Where(s => s.Node == node).All(s => run.Journal.Succeeded(node.NodeId, s.Kind,
                s.Application.Name))
            && run.Journal.Succeeded(node.NodeId, UpgradeStepKind.Gate, node.Name);

        private void UpgradeAndGate(UpgradeRun run, OrsNode node, int index, bool canary, CancellationToken cancel)
        {
            UpgradeNode(run, node, index, cancel);
            if (run.Journal.Succeeded(node.NodeId, UpgradeStepKind.Gate, node.Name)) return;
            string problem = _gate.Problem(node, run.Settings.TargetVersion);
            if (problem == null)
            {
                run.Log(node, node.Primary, UpgradeStepKind.Gate, JournalEvent.Succeeded);
                return;
            }
            string what = canary ? $"Canary node {node.Name} failed its health gate" :
                $"Node {node.Name} failed its health gate";
            throw RollBack(run, node, $"{what}: {problem}.");
        }

        /// <summary>
        /// The canaries watched for the soak time; the first that fails is rolled back and the run stops.
        /// </summary>
        private void Soak(UpgradeRun run, List<OrsNode> canaries, CancellationToken cancel)
        {
            var policy = run.Settings.Policy;
            run.Log(null, null, UpgradeStepKind.Soak, JournalEvent.Started, StepExecutor.Facts("soak",
                policy.SoakTime.ToString("c"), "canaries", string.Join(",", canaries.Select(c => c.Name))));
            var end = DateTime.UtcNow + policy.SoakTime;
            var interval = policy.SoakCheckInterval(run.Settings.PollInterval);
            while (true)
            {
                foreach (var node in canaries)
                {
                    _events.Step(node, 0, canaries.Count, $"Soak: watching {node.Name}", 0, 1);
                    string problem = _gate.Problem(node, run.Settings.TargetVersion);
                    if (problem == null) continue;
                    run.Log(null, null, UpgradeStepKind.Soak, JournalEvent.Failed, StepExecutor.Facts("node",
                        node.Name, "error", problem));
                    throw RollBack(run, node, $"Canary node {node.Name} failed its health gate during the soak: " +
                        $"{problem}.");
                }
                if (DateTime.UtcNow >= end) break;
                var wait = TimeSpan.FromTicks(Math.Min(interval.Ticks, Math.Max(0, (end - DateTime.UtcNow).Ticks)));
                if (cancel.WaitHandle.WaitOne(wait)) cancel.ThrowIfCancellationRequested();
            }
            run.Log(null, null, UpgradeStepKind.Soak, JournalEvent.Succeeded, StepExecutor.Facts("soak",
                policy.SoakTime.ToString("c")));
        }

        /// <summary>
        /// Puts an upgraded node back as the run found it: its backup, then its primary (served meanwhile by the
        /// restored backup), each re-installed and restored from the run's rollback points, roles restored.
        /// </summary>
        private NodeGateFailed RollBack(UpgradeRun run, OrsNode node, string why)
        {
            try { run.Log(node, node.Primary, UpgradeStepKind.Gate, JournalEvent.Failed,
                StepExecutor.Facts("error", why)); }
            catch (Exception e) { _events.Warn($"{node.Name}: the failed gate could not be journaled ({e.Message})."); }
            var restored = new List<string>();
            foreach (var app in new[] { node.Backup, node.Primary }.Where(a => a != null))
                restored.Add($"{app.Name}: {_restorer.Restore(run, node, UpgradeStepKind.Rollback, app)}");
            var r = run.Result(node);
            r.Outcome = NodeOutcome.RolledBack;
            r.FailedStep = UpgradeStepKind.Gate;
            r.Message = $"{why} Rolled back: {string.Join(" ", restored)}";
            return new NodeGateFailed(r.Message);
        }
    }

    /// <summary>A node failed its health gate and was rolled back.</summary>
    public sealed class NodeGateFailed : OrsException
    {
        public NodeGateFailed(string message)
            : base("HealthGateFailed", OrsErrorKind.InvalidOperation, message, null) { }
    }
}
