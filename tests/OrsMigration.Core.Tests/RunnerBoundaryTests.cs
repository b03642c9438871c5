using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Newtonsoft.Json.Linq;
using OrsMigration.Cluster;
using OrsMigration.Config;
using OrsMigration.Control;
using OrsMigration.Lab;
using OrsMigration.Upgrade;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>
    /// The runner's one failure boundary: an exception of a type nobody expects, from the control,
    /// the installer or the store, at each step, ends the run with a report, a run-finished line
    /// and the Application restored.
    /// </summary>
    public class RunnerBoundaryTests
    {
        private const string Target = "8.1.400.64";
        private const string Victim = "ORS_DC1_1";

        /// <summary>Throws once, on the first call of an operation for the victim, an exception of an unexpected type.</summary>
        private sealed class Trap
        {
            private int _sprung;
            public string Operation { get; set; }
            public int Skip { get; set; }

            public void Check(string operation, string application)
            {
                if (operation != Operation || application != Victim) return;
                if (Skip-- > 0 || Interlocked.Exchange(ref _sprung, 1) == 1) return;
                if (operation.StartsWith("store", StringComparison.Ordinal)) throw new KeyNotFoundException("injected store fault");
                if (operation == "install") throw new NullReferenceException("injected installer fault");
                throw new InvalidCastException("injected control fault");
            }
        }

        private sealed class TrappedControl : OrsServerControl, IInstaller, IStateChangeHint
        {
            private readonly LabControl _lab;
            private readonly Trap _trap;
            public TrappedControl(LabControl lab, Trap trap) { _lab = lab; _trap = trap; }
            public override string Description => _lab.Description;
            public override OrsServerStatus Status(OrsApplication app) => _lab.Status(app);
            public override void Start(OrsApplication app) { _trap.Check("start", app.Name); _lab.Start(app); }
            public override void Stop(OrsApplication app) { _trap.Check("stop", app.Name); _lab.Stop(app); }
            public override void Switchover(OrsApplication primary) { _trap.Check("switchover", primary.Name); _lab.Switchover(primary); }
            public void Install(OrsApplication app, string version, string folder) { _trap.Check("install", app.Name); _lab.Install(app, version, folder); }
            public DateTime? NextChangeUtc(OrsApplication app) => _lab.NextChangeUtc(app);
        }

        private sealed class TrappedStore : IConfigStore
        {
            private readonly IConfigStore _inner;
            private readonly Trap _trap;
            public TrappedStore(IConfigStore inner, Trap trap) { _inner = inner; _trap = trap; }
            public string Description => _inner.Description;
            public int ReadParallelism => _inner.ReadParallelism;
            public void CancelPending() => _inner.CancelPending();
            public IEnumerable<CfgObject> List(string type, Action<OrsException> onError, CancellationToken cancel = default) => _inner.List(type, onError, cancel);
            public IEnumerable<CfgObject> FindByName(string type, string name) => _inner.FindByName(type, name);
            public CfgObject Get(string type, int dbid)
            {
                var o = _inner.Get(type, dbid);
                if (o != null) _trap.Check("store-get", o.Name);
                return o;
            }
            public CfgObject Create(string type, JObject json) => _inner.Create(type, json);
            public void Update(CfgObject obj) { _trap.Check("store-update", obj.Name); _inner.Update(obj); }
            public void Delete(CfgObject obj) => _inner.Delete(obj);
            public void Dispose() => _inner.Dispose();
        }

        private sealed class NoEvents : IUpgradeEvents
        {
            public void Step(OrsNode node, int nodeIndex, int nodeCount, string step, int stepIndex, int stepCount) { }
            public void NodeDone(OrsNode node) { }
            public void Log(string message) { }
            public void Warn(string message) { }
        }

        [Theory]
        [InlineData("switchover", 0, UpgradeStepKind.Switchover)]
        [InlineData("stop", 0, UpgradeStepKind.Stop)]
        [InlineData("store-get", 0, UpgradeStepKind.Export)]
        [InlineData("install", 0, UpgradeStepKind.Install)]
        [InlineData("store-update", 0, UpgradeStepKind.Configure)]
        [InlineData("store-update", 1, UpgradeStepKind.SetVersion)]
        [InlineData("start", 0, UpgradeStepKind.Start)]
        public void AnUnexpectedExceptionEndsTheRunWithAReportAndTheApplicationRestored(string operation, int skip, UpgradeStepKind step)
        {
            var lab = OrsLab.Create(Path.Combine(TestPaths.NewTempDir(), "lab"), TestPaths.Sample("ors-813"),
                new LabState { TimeScale = 100, SessionRate = 1, MeanDuration = 10000 }, false);
            var trap = new Trap { Operation = operation, Skip = skip };
            var repo = new ConfigRepository(new TrappedStore(new FileConfigStore(lab.ConfigPath), trap));
            var nodes = ClusterReader.Read(lab.Connection.Repository).Nodes.Take(1).ToList();
            var before = lab.Connection.Repository.GetApplications().ToDictionary(a => a.Name);
            var control = new TrappedControl(lab.Control, trap);
            var settings = new UpgradeSettings
            {
                TargetVersion = Target, ExportPath = TestPaths.NewTempDir(), PollInterval = TimeSpan.FromMilliseconds(10),
                StartTimeout = TimeSpan.FromSeconds(5), SwitchoverTimeout = TimeSpan.FromSeconds(5),
            };
            var plan = UpgradePlanner.Plan(nodes, settings, control, "boundary");
            var journal = UpgradeJournal.Open(Path.Combine(settings.ExportPath, "j.jsonl"));
            var report = new UpgradeRunner(repo, control, control, lab.Control, new NoEvents(), settings.PollInterval)
                .Run(new UpgradeRun(plan, journal, null), CancellationToken.None);

            Assert.Equal(UpgradeOutcome.Failed, report.Outcome);
            Assert.StartsWith("OrsMigration.", report.ErrorId);
            var lines = UpgradeJournal.Open(journal.Path).Entries;
            Assert.Equal(JournalEvent.RunFinished, lines.Last().Event);
            var failed = Assert.Single(lines, e => e.Event == JournalEvent.Failed);
            Assert.Equal(step, failed.Step);
            Assert.Contains("injected", failed.Facts["error"]);
            var now = lab.Connection.Repository.GetApplication(before[Victim].Dbid);
            Assert.Equal(before[Victim].Version, now.Version);
            Assert.True(before[Victim].Options.SequenceEquals(now.Options), "options restored exactly");
            Assert.Equal(before[Victim].Version, lab.Control.Status(now).Version);
            var node = nodes[0];
            Assert.Equal(OrsRunMode.Primary, lab.Control.Status(node.Primary).Mode);
            Assert.Equal(OrsRunMode.Backup, lab.Control.Status(node.Backup).Mode);
            Assert.Equal(OrsRunState.Running, lab.Control.Status(node.Backup).Status);
        }
    }
}
