using System;
using System.IO;
using System.Linq;
using System.Threading;
using OrsMigration.Control;
using OrsMigration.Lab;
using OrsMigration.Upgrade;
using Xunit;

namespace OrsMigration.Tests
{
    public class UpgradeRunnerTests
    {
        private sealed class Events : IUpgradeEvents
        {
            public int Steps;
            public Action OnStep;
            public void Step(OrsNode node, int nodeIndex, int nodeCount, string step, int stepIndex, int stepCount) { Steps++; OnStep?.Invoke(); }
            public void NodeDone(OrsNode node) { }
            public void Log(string message) { }
            public void Warn(string message) { }
        }

        private static (OrsLab, System.Collections.Generic.IReadOnlyList<OrsNode>) Lab()
        {
            var lab = OrsLab.Create(Path.Combine(TestPaths.NewTempDir(), "lab"), TestPaths.Sample("ors-813"),
                new LabState { TimeScale = 100, SessionRate = 1, MeanDuration = 10000 }, false);
            return (lab, Cluster.ClusterReader.Read(lab.Connection.Repository).Nodes);
        }

        private static OrsUpgradeReport Run(OrsLab lab, UpgradePlan plan, string journalPath, IUpgradeEvents events, CancellationToken cancel) =>
            new UpgradeRunner(lab.Connection.Repository, lab.Control, lab.Control, lab.Control, events, plan.Settings.PollInterval)
                .Run(new UpgradeRun(plan, UpgradeJournal.Open(journalPath), null), cancel);

        private static UpgradeSettings Settings(string folder) => new UpgradeSettings
        {
            TargetVersion = "8.1.400.64", ExportPath = folder, PollInterval = TimeSpan.FromMilliseconds(10),
            StartTimeout = TimeSpan.FromSeconds(5), SwitchoverTimeout = TimeSpan.FromSeconds(5),
        };

        [Fact]
        public void CancellingStopsBetweenStepsAndTheRunResumesToTheSameEnd()
        {
            var (lab, nodes) = Lab();
            string folder = TestPaths.NewTempDir();
            string journalPath = Path.Combine(folder, "j.jsonl");
            using (var cancel = new CancellationTokenSource())
            {
                var events = new Events();
                events.OnStep = () => { if (events.Steps == 9) cancel.Cancel(); };
                var plan = UpgradePlanner.Plan(nodes, Settings(folder), lab.Control, "run1");
                var report = Run(lab, plan, journalPath, events, cancel.Token);
                Assert.Equal(UpgradeOutcome.Stopped, report.Outcome);
                Assert.Contains("-Resume", report.Error);
            }
            var resumed = Settings(folder);
            resumed.Resume = true;
            var again = UpgradePlanner.Plan(nodes, resumed, lab.Control, "run1");
            int doneBefore = UpgradeJournal.Open(journalPath).Entries.Count(e => e.Event == JournalEvent.Succeeded);
            var final = Run(lab, again, journalPath, new Events(), CancellationToken.None);
            Assert.Equal(UpgradeOutcome.Succeeded, final.Outcome);
            Assert.Equal(0, final.SessionsLost);
            // 8 Applications x 7 steps, and a health gate per node, each once.
            Assert.Equal(60, UpgradeJournal.Open(journalPath).Entries.Count(e => e.Event == JournalEvent.Succeeded));
            Assert.True(doneBefore >= 7);
            Assert.All(nodes.SelectMany(n => n.Applications), a => Assert.Equal("8.1.400.64", lab.Control.Status(a).Version));
        }

        [Fact]
        public void NeverMoreNodesInMaintenanceThanAllowedAndNeverBothHalvesDown()
        {
            var (lab, nodes) = Lab();
            var settings = Settings(TestPaths.NewTempDir());
            settings.MaxParallelNodes = 2;
            int maxDownNodes = 0;
            bool bothDown = false;
            var events = new Events
            {
                OnStep = () =>
                {
                    // One look at the whole lab under its lock: reading Application by Application could
                    // see a node that has just finished and the one that has just begun as both down.
                    var down = lab.Read(s => s.Processes.Where(p => p.Status != OrsRunState.Running)
                        .Select(p => p.NodeId).ToList());
                    maxDownNodes = Math.Max(maxDownNodes, down.Distinct().Count());
                    bothDown |= down.GroupBy(n => n).Any(g => g.Count() > 1);
                },
            };
            var plan = UpgradePlanner.Plan(nodes, settings, lab.Control, "run2");
            var report = Run(lab, plan, Path.Combine(settings.ExportPath, "j.jsonl"), events, CancellationToken.None);
            Assert.Equal(UpgradeOutcome.Succeeded, report.Outcome);
            Assert.InRange(maxDownNodes, 1, 2);
            Assert.False(bothDown);
        }

        [Fact]
        public void AJournalLineChangedAfterTheFactIsDetected()
        {
            string path = Path.Combine(TestPaths.NewTempDir(), "j.jsonl");
            var journal = UpgradeJournal.Open(path);
            journal.Append("r", 1, "A", UpgradeStepKind.Stop, JournalEvent.Started);
            journal.Append("r", 1, "A", UpgradeStepKind.Stop, JournalEvent.Succeeded);
            journal.Append("r", 1, "A", UpgradeStepKind.Export, JournalEvent.Started);
            var lines = File.ReadAllLines(path);
            File.WriteAllLines(path, new[] { lines[0], lines[2] });
            var e = Assert.Throws<OrsException>(() => UpgradeJournal.Open(path));
            Assert.Equal("OrsMigration.JournalDamaged", e.ErrorId);
            Assert.DoesNotContain("tamper", e.Message);
        }

        [Fact]
        public void WithAKeyAnEditedLastLineIsDetectedAsTampering()
        {
            string path = Path.Combine(TestPaths.NewTempDir(), "j.jsonl");
            var key = Integrity.IntegrityKey.FromSecret("k");
            var journal = UpgradeJournal.Open(path, key);
            journal.Append("r", 1, "A", UpgradeStepKind.Stop, JournalEvent.Started);
            journal.Append("r", 1, "A", UpgradeStepKind.Stop, JournalEvent.Succeeded);
            journal.Append("r", 1, "A", UpgradeStepKind.Export, JournalEvent.Started);
            var lines = File.ReadAllLines(path);
            lines[1] = lines[1].Replace("\"NodeId\":1", "\"NodeId\":2");
            File.WriteAllLines(path, lines);
            Assert.Equal("OrsMigration.JournalTampered", Assert.Throws<OrsException>(() => UpgradeJournal.Open(path, key)).ErrorId);
            Assert.Equal("OrsMigration.JournalDamaged", Assert.Throws<OrsException>(() => UpgradeJournal.Open(path)).ErrorId);
        }

        [Fact]
        public void ATornLastLineIsReportedAndSetAside()
        {
            string path = Path.Combine(TestPaths.NewTempDir(), "j.jsonl");
            var journal = UpgradeJournal.Open(path);
            journal.Append("r", 1, "A", UpgradeStepKind.Run, JournalEvent.RunStarted);
            journal.Append("r", 1, "A", UpgradeStepKind.Stop, JournalEvent.Started);
            File.AppendAllText(path, "{\"RunId\":\"r\",\"Sequ");
            var torn = UpgradeJournal.Open(path);
            Assert.Equal(2, torn.Entries.Count);
            Assert.NotNull(torn.TornTail);
            Assert.Throws<OrsException>(() => torn.Append("r", 1, "A", UpgradeStepKind.Stop, JournalEvent.Succeeded));
            string aside = torn.RepairTornTail();
            Assert.Contains("Sequ", File.ReadAllText(aside));
            torn.Append("r", 1, "A", UpgradeStepKind.Stop, JournalEvent.Succeeded);
            Assert.Equal(3, UpgradeJournal.Open(path).Entries.Count);
        }

        [Fact]
        public void AFailureVoidsTheApplicationsEarlierSuccesses()
        {
            string path = Path.Combine(TestPaths.NewTempDir(), "j.jsonl");
            var journal = UpgradeJournal.Open(path);
            journal.Append("r", 1, "A", UpgradeStepKind.Switchover, JournalEvent.Succeeded);
            journal.Append("r", 1, "B", UpgradeStepKind.Switchover, JournalEvent.Succeeded);
            journal.Append("r", 1, "A", UpgradeStepKind.Start, JournalEvent.Failed);
            Assert.False(journal.Succeeded(1, UpgradeStepKind.Switchover, "A"));
            Assert.True(journal.Succeeded(1, UpgradeStepKind.Switchover, "B"));
            journal.Append("r", 1, "A", UpgradeStepKind.Switchover, JournalEvent.Succeeded);
            Assert.True(UpgradeJournal.Open(path).Succeeded(1, UpgradeStepKind.Switchover, "A"));
        }
    }
}
