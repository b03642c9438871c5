using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using OrsMigration.Control;
using OrsMigration.Lab;
using OrsMigration.Persistence;
using OrsMigration.Upgrade;

namespace OrsMigration.Commands
{
    /// <summary>
    /// The migration guide's HA rolling upgrade for every piped node (or the drained path from
    /// 8.1.2): planned and checked first, journaled step by step, resumable, restoring a failed
    /// Application from its export, and reported.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "OrsRollingUpgrade", SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        HelpUri = ProjectInfo.HelpBase + "Invoke-OrsRollingUpgrade.md")]
    [OutputType(typeof(OrsUpgradeReport))]
    public sealed class InvokeOrsRollingUpgradeCommand : OrsConfigCmdletBase, IUpgradeEvents
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public OrsNode[] Node { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string TargetVersion { get; set; }

        /// <summary>Where each Application is exported before it changes (a folder per run).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string ExportPath { get; set; }

        [Parameter]
        public UpgradeStrategy Strategy { get; set; } = UpgradeStrategy.Rolling;

        /// <summary>
        /// param($Application, $Version, $ExportFolder): installs the version for the Application. Default: the lab's
        /// installer.
        /// </summary>
        [Parameter]
        public ScriptBlock Install { get; set; }

        /// <summary>An installer object (New-OrsInstaller: Genesys silent setup) instead of -Install.</summary>
        [Parameter]
        public IInstaller Installer { get; set; }

        /// <summary>Options set on every upgraded Application: 'section/name' = value.</summary>
        [Parameter]
        public Hashtable Option { get; set; }

        [Parameter]
        public OrsServerControl Control { get; set; }

        [Parameter]
        public OrsSessionSource CassandraSession { get; set; }

        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxParallelNodes { get; set; } = 1;

        [Parameter]
        public TimeSpan SwitchoverTimeout { get; set; } = TimeSpan.FromMinutes(2);

        [Parameter]
        public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(5);

        [Parameter]
        public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How often a waited-for state is checked. Default 200 ms.</summary>
        [Parameter]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

        /// <summary>The journal; default &lt;ExportPath&gt;/upgrade-journal.jsonl.</summary>
        [Parameter]
        public string JournalPath { get; set; }

        /// <summary>Continue the interrupted run the journal describes.</summary>
        [Parameter]
        public SwitchParameter Resume { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The first n nodes are upgraded and watched for -SoakTime before any other starts.</summary>
        [Parameter]
        [ValidateRange(0, 1000)]
        public int CanaryNodes { get; set; }

        [Parameter]
        public TimeSpan SoakTime { get; set; }

        /// <summary>
        /// param($Node, $Status): $true when the node is healthy; run after each node and through the soak.
        /// </summary>
        [Parameter]
        public ScriptBlock HealthCheck { get; set; }

        /// <summary>How many nodes may fail (each restored) before no new node starts. Default 0.</summary>
        [Parameter]
        [ValidateRange(0, 1000)]
        public int MaxFailedNodes { get; set; }

        /// <summary>Upgrade this many more nodes, then stop (resumable).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int StopAfterNodes { get; set; }

        /// <summary>A maintenance window from now: no node starts after it; the run ends Stopped, resumable.</summary>
        [Parameter]
        public TimeSpan StopAfter { get; set; }

        [Parameter]
        public NodeOrder NodeOrder { get; set; } = NodeOrder.Listed;

        private readonly List<OrsNode> _nodes = new List<OrsNode>();
        private readonly ConcurrentQueue<Action> _events = new ConcurrentQueue<Action>();
        private PipelineDispatcher _dispatcher;

        protected override void ProcessRecord() => _nodes.AddRange(Node);

        /// <summary>Seal the journal's lines and the run's export manifest with this key (HMAC-SHA256).</summary>
        [Parameter]
        [IntegrityKeyTransform]
        public PSCredential IntegrityKey { get; set; }

        protected override void EndProcessing()
        {
            _dispatcher = new PipelineDispatcher();
            string exportPath = GetUnresolvedProviderPathFromPSPath(ExportPath);
            string journalPath = JournalPath != null ? GetUnresolvedProviderPathFromPSPath(JournalPath) : Path.Combine(exportPath, "upgrade-journal.jsonl");
            var control = Control ?? ConnectionRegistry.CurrentControl
                ?? throw Terminal("NoServerControl", "No server control: pass -Control (New-OrsServerControl), or " +
                    "create a lab with New-OrsLab.");
            var installer = Installer ?? (Install != null ? new ScriptBlockInstaller(Install) : control as IInstaller)
                ?? throw Terminal("NoInstaller", "-Install is needed: a script block that installs the target " +
                    "version for an Application (the lab installs by itself).");
            var sessions = (CassandraSession ?? ConnectionRegistry.CurrentSessions)?.SessionStore;
            // The run lock comes before the journal is read, so no second shell acts on a view
            // of it that is going stale.
            using (var runLock = IsWhatIf ? null : RunLock(journalPath))
            {
                var run = Prepare(exportPath, journalPath, control);
                if (run == null) return;
                if (sessions == null)
                {
                    const string none = "No session store (-CassandraSession, or a lab): persisted sessions are " +
                                        "not accounted for across switchovers.";
                    WriteWarning(none);
                    run.Report.Preflight.Add(none);
                }
                if (IsWhatIf) { ShowPlan(run.Plan, HealthCheck != null); return; }
                if (!ShouldApply($"{run.Plan.Nodes.Count} ORS node(s)", $"Rolling upgrade to {TargetVersion} " +
                    $"({run.Plan.Steps.Count} steps)", Force)) return;
                foreach (var w in run.Plan.Warnings) WriteWarning(w);
                Run(run, Dispatch(control), Dispatch(installer), sessions);
            }
        }

        /// <summary>
        /// Reads and checks the journal, plans the run, and on -Resume checks the journal against the store.
        /// </summary>
        private UpgradeRun Prepare(string exportPath, string journalPath, OrsServerControl control)
        {
            try
            {
                var key = IntegrityKeyArgument.ToKey(IntegrityKey);
                var journal = UpgradeJournal.Open(journalPath, key);
                SetAsideTornTail(journal);
                string runId = CheckJournal(journal, journalPath);
                var settings = Settings(exportPath, journalPath);
                settings.Policy = Policy(journal, runId);
                var plan = UpgradePlanner.Plan(_nodes, settings, control, runId);
                if (journal.RunStart != null && journal.RunStart.Facts.TryGetValue("signature", out var signature) && signature != plan.Signature)
                    throw new OrsException("JournalOtherRun", OrsErrorKind.InvalidOperation,
                        $"The journal '{journalPath}' belongs to another run ({signature}); this run is " +
                        $"{plan.Signature}. Resume that run with the same nodes and target, or use another " +
                        "-JournalPath.", journalPath);
                var run = new UpgradeRun(plan, journal, key);
                if (Resume) ResumeCheck.Check(run, Repository, control);
                return run;
            }
            catch (OrsException e) { ThrowOrs(e); return null; }
        }

        /// <summary>
        /// A last line a crash cut short: -Resume sets it aside (the step it began is done again); a new run is
        /// refused.
        /// </summary>
        private void SetAsideTornTail(UpgradeJournal journal)
        {
            if (journal.TornTail == null) return;
            if (!Resume)
                throw new OrsException("JournalTorn", OrsErrorKind.InvalidOperation,
                    $"The journal '{journal.Path}' ends with a line a crash cut short: its run was interrupted. " +
                    "Continue it with -Resume " +
                    "(the torn line is set aside and its step done again), or use another -JournalPath for a new run.",
                    journal.Path);
            if (IsWhatIf) { WriteWarning($"The journal '{journal.Path}' ends with a torn line; -Resume would set it " +
                "aside."); return; }
            string aside = journal.RepairTornTail();
            WriteWarning($"The journal '{journal.Path}' ended with a line a crash cut short; it was moved to " +
                $"'{aside}' and its step will be done again.");
        }

        private UpgradeSettings Settings(string exportPath, string journalPath)
        {
            var options = new Dictionary<string, string>();
            foreach (DictionaryEntry e in Option ?? new Hashtable())
            {
                var key = OptionKey.Parse(e.Key?.ToString());
                string value = (e.Value is PSObject p ? p.BaseObject : e.Value)?.ToString() ?? string.Empty;
                CheckOptionToWrite("-Option", key.Section, key.Name, value, Force);
                options[key.ToString()] = value;
            }
            return new UpgradeSettings
            {
                TargetVersion = TargetVersion, ExportPath = exportPath, Strategy = Strategy, Options = options, MaxParallelNodes = MaxParallelNodes,
                SwitchoverTimeout = SwitchoverTimeout, StartTimeout = StartTimeout, DrainTimeout = DrainTimeout, JournalPath = journalPath, Resume = Resume, PollInterval = PollInterval,
            };
        }

        /// <summary>
        /// The run's policy: as given for a new run; on -Resume the journaled one (a different value given is
        /// refused), with this invocation's stop points (a window still open in the journal goes on).
        /// </summary>
        private UpgradePolicy Policy(UpgradeJournal journal, string runId)
        {
            var given = new UpgradePolicy { CanaryNodes = CanaryNodes, SoakTime = SoakTime,
                MaxFailedNodes = MaxFailedNodes, NodeOrder = NodeOrder, SiteHealthCheck = HealthCheck != null };
            CheckPolicyArguments();
            var journaled = Resume ? PolicyFacts.Journaled(journal.RunStart) : null;
            var policy = journaled ?? given;
            if (journaled != null) CheckSamePolicy(journaled, journal.Path);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(StopAfterNodes)))
                policy.StopAfterNodes = StopAfterNodes;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(StopAfter)))
                policy.Deadline = DateTimeOffset.Now + StopAfter;
            else if (Resume && PolicyFacts.LastDeadline(journal.Entries, runId) is DateTimeOffset open
                && open > DateTimeOffset.Now)
                policy.Deadline = open;
            return policy;
        }

        private void CheckPolicyArguments()
        {
            string problem = SoakTime < TimeSpan.Zero ? "-SoakTime cannot be negative."
                : SoakTime > TimeSpan.Zero && CanaryNodes == 0
                    ? "-SoakTime watches the canaries: give -CanaryNodes too."
                : StopAfter < TimeSpan.Zero ? "-StopAfter cannot be negative."
                : Strategy == UpgradeStrategy.Drained && UsesRollingPolicy
                    ? "The canary, -HealthCheck, -MaxFailedNodes, -StopAfterNodes and -NodeOrder apply to the " +
                      "rolling path; -Strategy Drained stops every Application at once."
                : null;
            if (problem != null)
                throw new OrsException("InvalidPolicy", OrsErrorKind.InvalidArgument, problem + " Nothing was changed.",
                    null);
        }

        private bool UsesRollingPolicy => CanaryNodes > 0 || MaxFailedNodes > 0 || HealthCheck != null
            || NodeOrder != NodeOrder.Listed || MyInvocation.BoundParameters.ContainsKey(nameof(StopAfterNodes));

        private void CheckSamePolicy(UpgradePolicy journaled, string path)
        {
            var differs = new List<string>();
            void Check(string name, object theirs, object ours)
            {
                if (MyInvocation.BoundParameters.ContainsKey(name) && !Equals(theirs, ours))
                    differs.Add($"-{name} {ours} (the run has {theirs})");
            }
            Check(nameof(CanaryNodes), journaled.CanaryNodes, CanaryNodes);
            Check(nameof(SoakTime), journaled.SoakTime, SoakTime);
            Check(nameof(MaxFailedNodes), journaled.MaxFailedNodes, MaxFailedNodes);
            Check(nameof(NodeOrder), journaled.NodeOrder, NodeOrder);
            // A check may be added on -Resume, never dropped unnoticed.
            if (journaled.SiteHealthCheck && HealthCheck == null)
                differs.Add("no -HealthCheck (the run has one; a script block is not kept in the journal: give it " +
                    "again)");
            if (differs.Count > 0)
                throw new OrsException("PolicyDiffers", OrsErrorKind.InvalidArgument, $"The run in '{path}' was " +
                    $"started with other policies: {string.Join(", ", differs)}. Resume it with the same values, or " +
                    "leave them out (the journal keeps them).", path);
        }

        /// <summary>A fresh run needs an empty journal; -Resume needs one that was started and not finished.</summary>
        private string CheckJournal(UpgradeJournal journal, string path)
        {
            var start = journal.RunStart;
            if (!Resume)
            {
                if (start != null)
                    throw new OrsException("JournalExists", OrsErrorKind.ResourceExists,
                        $"The journal '{path}' already holds run {start.RunId}. Use -Resume to continue it, or " +
                        "another -JournalPath for a new run.", path);
                return DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);
            }
            if (start == null) throw new OrsException("NothingToResume", OrsErrorKind.InvalidOperation, $"The journal '{path}' holds no run to resume.", path);
            if (journal.Entries.Any(e => e.Event == JournalEvent.RunFinished && e.RunId == start.RunId
                    && e.Facts.TryGetValue("outcome", out var o) && o == UpgradeOutcome.Succeeded.ToString()))
                throw new OrsException("NothingToResume", OrsErrorKind.InvalidOperation, $"Run {start.RunId} in " +
                    $"'{path}' already finished successfully.", path);
            return start.RunId;
        }

        private void ShowPlan(UpgradePlan plan, bool healthCheck)
        {
            var policy = plan.Settings.Policy;
            if (plan.Settings.Strategy == UpgradeStrategy.Rolling)
            {
                foreach (var line in PolicyFacts.Describe(policy, healthCheck)) ShouldProcess("the run", line);
                var ordered = NodeScheduler.Order(plan.Nodes, policy.NodeOrder);
                var waves = NodeScheduler.Waves(ordered, policy.CanaryNodes, plan.Settings.MaxParallelNodes,
                    policy.NodeOrder);
                int canaryWaves = policy.CanaryNodes == 0 ? 0
                    : NodeScheduler.Waves(ordered.Take(policy.CanaryNodes).ToList(), 0,
                        plan.Settings.MaxParallelNodes, policy.NodeOrder).Count;
                for (int w = 0; w < waves.Count; w++)
                {
                    string names = string.Join(", ",
                        waves[w].Select(n => $"{n.Name} ({NodeScheduler.DataCenterOf(n)})"));
                    string kind = w < canaryWaves ? " (canary)" : string.Empty;
                    string then = w == canaryWaves - 1 ? $"; then a soak of {policy.SoakTime:c} with the health gate"
                        : string.Empty;
                    ShouldProcess($"wave {w + 1}{kind}", $"Upgrade {names}{then}");
                }
            }
            foreach (var node in plan.Nodes)
            {
                var steps = plan.Steps.Where(s => s.Node == node).Select(s => $"{s.Kind} {s.Application.Name}");
                ShouldProcess(node.ToString(), $"Upgrade to {TargetVersion}: {string.Join(", ", steps)}");
            }
        }

        private void Run(UpgradeRun run, IServerControl control, IInstaller installer, ISessionStore sessions)
        {
            var check = HealthCheck == null ? null : new ScriptBlockHealthCheck(HealthCheck, _dispatcher);
            var runner = new UpgradeRunner(Repository, control, installer, sessions, this, PollInterval, check);
            OrsUpgradeReport report;
            var task = Task.Run(() => runner.Run(run, CancelToken));
            bool stopped = false;
            try
            {
                // After Ctrl+C the host refuses output, but the run still finishes its current
                // steps (script blocks need this thread) so the journal ends consistent.
                while (!task.IsCompleted)
                {
                    _dispatcher.Pump(100);
                    try { if (!stopped) DrainEvents(); }
                    catch (PipelineStoppedException) { stopped = true; }
                }
                report = task.GetAwaiter().GetResult();
                if (stopped) throw new PipelineStoppedException();
                DrainEvents();
            }
            finally
            {
                WriteProgress(new ProgressRecord(11, "Step", "Done") { ParentActivityId = 10,
                    RecordType = ProgressRecordType.Completed });
                WriteProgress(new ProgressRecord(10, "Invoke-OrsRollingUpgrade",
                    "Done") { RecordType = ProgressRecordType.Completed });
            }
            WarnOfOutcome(report);
            WriteObject(report);
            if (report.Outcome == UpgradeOutcome.Failed)
                WriteError(ToRecord(new OrsException(report.ErrorId ?? "UpgradeFailed", OrsErrorKind.InvalidOperation,
                    report.Error, report)));
        }

        private void WarnOfOutcome(OrsUpgradeReport report)
        {
            if (report.MixedVersions > TimeSpan.Zero)
                WriteWarning("The cluster ran with more than one ORS version for " +
                    (report.MixedVersions < TimeSpan.FromMinutes(1)
                        ? $"{report.MixedVersions.TotalSeconds:0.0} s"
                        : $"{report.MixedVersions:hh\\:mm\\:ss}") + (report.MixedVersionsAtEnd
                        ? " and still does: finish the run (-Resume) or roll the upgraded nodes back, as the guide " +
                          "keeps mixed versions short."
                        : "."));
            if (report.Outcome == UpgradeOutcome.Stopped || report.Outcome == UpgradeOutcome.CompletedWithFailures)
                WriteWarning(report.Error);
        }

        private IDisposable RunLock(string journalPath)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(journalPath));
                return Config.StoreLock.AcquireFile(journalPath + ".lock", "The journal");
            }
            catch (OrsException e) { ThrowOrs(e); return null; }
            catch (IOException)
            {
                throw Terminal("RunInProgress", $"Another run holds the journal '{journalPath}'. Wait for it to " +
                    "finish.");
            }
        }

        /// <summary>
        /// Controls that may be called from any thread are called directly; script blocks go through the pipeline
        /// thread.
        /// </summary>
        private IServerControl Dispatch(OrsServerControl control) =>
            control is IAnyThread ? (IServerControl)control : new DispatchedControl(control, _dispatcher);

        private IInstaller Dispatch(IInstaller installer) =>
            installer is IAnyThread ? installer : new DispatchedInstaller(installer, _dispatcher);

        private void DrainEvents()
        {
            while (_events.TryDequeue(out var e)) e();
        }

        private Exception Terminal(string id, string message)
        {
            ThrowOrs(id, OrsErrorKind.InvalidOperation, message, null);
            return null;
        }

        void IUpgradeEvents.Step(OrsNode node, int nodeIndex, int nodeCount, string step, int stepIndex, int stepCount) => _events.Enqueue(() =>
        {
            WriteProgress(new ProgressRecord(10, "Invoke-OrsRollingUpgrade", $"Node {node.Name} ({nodeIndex + 1} of " +
                $"{nodeCount})")
            { PercentComplete = Math.Min(100, 100 * nodeIndex / Math.Max(1, nodeCount)) });
            WriteProgress(new ProgressRecord(11, "Step", step) { ParentActivityId = 10, PercentComplete = Math.Min(100, 100 * stepIndex / Math.Max(1, stepCount)) });
            WriteVerbose($"{node.Name}: {step}");
        });

        void IUpgradeEvents.NodeDone(OrsNode node) => _events.Enqueue(() => WriteVerbose($"{node.Name}: upgraded to " +
            $"{TargetVersion}."));
        void IUpgradeEvents.Log(string message) => _events.Enqueue(() => WriteVerbose(message));
        void IUpgradeEvents.Warn(string message) => _events.Enqueue(() => WriteWarning(message));
    }
}
