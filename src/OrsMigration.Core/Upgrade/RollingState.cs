using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// Where the rolling path stands while nodes run in parallel: nodes in maintenance, failures against
    /// the budget, the stop points. Decides whether another node may start; all under one lock.
    /// </summary>
    internal sealed class RollingState
    {
        private readonly object _lock = new object();
        private readonly UpgradeRun _run;
        private readonly UpgradePolicy _policy;
        private readonly List<OrsNode> _inMaintenance = new List<OrsNode>();
        private readonly AutoResetEvent _finished = new AutoResetEvent(false);
        // Nodes whose last attempt failed, in any invocation; a node tried again and upgraded leaves it.
        private readonly HashSet<int> _failed;
        private readonly HashSet<int> _failedBefore;
        private readonly List<string> _failures = new List<string>();
        private Exception _fatal, _firstFailure;
        private string _stopReason;
        private int _started;
        private bool _cancelled;

        public RollingState(UpgradeRun run, List<OrsNode> ordered)
        {
            _run = run;
            _policy = run.Settings.Policy;
            Ordered = ordered;
            _failedBefore = PolicyFacts.FailedNodes(run.Journal.Entries, run.Plan.RunId);
            _failed = new HashSet<int>(_failedBefore);
        }

        public List<OrsNode> Ordered { get; }

        /// <summary>False once a stop point is reached, a fatal failure happened, or the run was cancelled.</summary>
        public bool MayStartAnother()
        {
            lock (_lock)
            {
                if (_fatal != null || _cancelled || _stopReason != null) return false;
                if (_policy.StopAfterNodes != null && _started >= _policy.StopAfterNodes)
                    _stopReason = $"-StopAfterNodes {_policy.StopAfterNodes}: {_started} node(s) were upgraded in " +
                        "this invocation.";
                else if (_policy.Deadline != null && DateTimeOffset.Now >= _policy.Deadline)
                    _stopReason = $"The maintenance window (-StopAfter) ended at {_policy.Deadline:u}; no node " +
                        "was started after it.";
                return _stopReason == null;
            }
        }

        /// <summary>
        /// The next node to start, taken out of pending; null when none may start now (wait for one to
        /// finish) or at all (past the failure budget only a node that failed before may be tried again).
        /// </summary>
        public OrsNode Take(List<OrsNode> pending)
        {
            lock (_lock)
            {
                var candidates = OverBudget ? pending.Where(n => _failedBefore.Contains(n.NodeId)).ToList() : pending;
                if (candidates.Count == 0) { pending.Clear(); return null; }
                var node = NodeScheduler.Next(candidates, _policy.NodeOrder, _inMaintenance);
                if (node == null) return null;
                pending.Remove(node);
                _inMaintenance.Add(node);
                _started++;
                return node;
            }
        }

        private bool OverBudget => _failed.Count > _policy.MaxFailedNodes;

        /// <summary>Whether the run would go on if this node failed now (it stays within the budget).</summary>
        public bool GoesOnAfterFailureOf(OrsNode node)
        {
            lock (_lock)
            {
                int failed = _failed.Count + (_failed.Contains(node.NodeId) ? 0 : 1);
                return failed <= _policy.MaxFailedNodes;
            }
        }

        public void WaitForANodeToFinish(CancellationToken cancel) =>
            WaitHandle.WaitAny(new[] { _finished, cancel.WaitHandle });

        public void NodeFinished(OrsNode node, bool upgraded)
        {
            lock (_lock)
            {
                _inMaintenance.Remove(node);
                if (upgraded) _failed.Remove(node.NodeId);
            }
            _finished.Set();
        }

        public void NodeFailed(OrsNode node, Exception e, bool canary)
        {
            lock (_lock)
            {
                if (e is OperationCanceledException) { _cancelled = true; return; }
                bool nodeFailure = e is UpgradeStepFailed || e is NodeGateFailed;
                if (!nodeFailure || canary) { _fatal = _fatal ?? e; return; }
                _failed.Add(node.NodeId);
                _failures.Add(e.Message);
                _firstFailure = _firstFailure ?? e;
            }
        }

        /// <summary>
        /// A canary's failure, an unexpected error, or failures past the budget end the run as failed.
        /// </summary>
        public void ThrowIfFatal()
        {
            lock (_lock)
            {
                if (_fatal != null) throw _fatal;
                if (!OverBudget || _firstFailure == null) return;
                if (_failures.Count == 1 && _policy.MaxFailedNodes == 0) throw _firstFailure;
                throw new UpgradeStepFailed($"{_failed.Count} node(s) failed, more than -MaxFailedNodes " +
                    $"{_policy.MaxFailedNodes} allows; no new node was started after that. " +
                    string.Join(" ", _failures), _firstFailure);
            }
        }

        /// <summary>How this invocation ended, when it ended without an exception.</summary>
        public bool StopsHere(out RollingOutcome outcome)
        {
            lock (_lock)
            {
                outcome = new RollingOutcome { StoppedBecause = _stopReason };
                outcome.Failures.AddRange(_failures);
                return _stopReason != null;
            }
        }
    }
}
