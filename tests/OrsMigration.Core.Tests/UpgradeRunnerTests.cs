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
                var report = new UpgradeRunner(lab.Connection.Repository, lab.Control, lab.Control, lab.Control, events)
                    .Run(plan, UpgradeJournal.Open(journalPath), cancel.Token);
                Assert.Equal("Stopped", report.Outcome);
                Assert.Contains("-Resume", report.Error);
            }
            var resumed = Settings(folder);
            resumed.Resume = true;
            var again = UpgradePlanner.Plan(nodes, resumed, lab.Control, "run1");
            var journal = UpgradeJournal.Open(journalPath);
            int doneBefore = journal.Entries.Count(e => e.Event == "succeeded");
            var final = new UpgradeRunner(lab.Connection.Repository, lab.Control, lab.Control, lab.Control, new Events()).Run(again, journal, CancellationToken.None);
            Assert.Equal("Succeeded", final.Outcome);
            Assert.Equal(0, final.SessionsLost);
            Assert.Equal(56, UpgradeJournal.Open(journalPath).Entries.Count(e => e.Event == "succeeded"));
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
                    var status = nodes.SelectMany(n => n.Applications.Select(a => (n.NodeId, s: lab.Control.Status(a)))).ToList();
                    var down = status.Where(x => x.s.Status != OrsRunState.Running).Select(x => x.NodeId).ToList();
                    maxDownNodes = Math.Max(maxDownNodes, down.Distinct().Count());
                    bothDown |= down.GroupBy(n => n).Any(g => g.Count() > 1);
                },
            };
            var plan = UpgradePlanner.Plan(nodes, settings, lab.Control, "run2");
            var report = new UpgradeRunner(lab.Connection.Repository, lab.Control, lab.Control, lab.Control, events)
                .Run(plan, UpgradeJournal.Open(Path.Combine(settings.ExportPath, "j.jsonl")), CancellationToken.None);
            Assert.Equal("Succeeded", report.Outcome);
            Assert.InRange(maxDownNodes, 1, 2);
            Assert.False(bothDown);
        }

        [Fact]
        public void AJournalLineChangedAfterTheFactIsDetected()
        {
            string path = Path.Combine(TestPaths.NewTempDir(), "j.jsonl");
            var journal = UpgradeJournal.Open(path);
            journal.Append("r", 1, "A", "stop", "started");
            journal.Append("r", 1, "A", "stop", "succeeded");
            journal.Append("r", 1, "A", "export", "started");
            var lines = File.ReadAllLines(path);
            File.WriteAllLines(path, new[] { lines[0], lines[2] });
            Assert.Equal("OrsMigration.JournalTampered", Assert.Throws<OrsException>(() => UpgradeJournal.Open(path)).ErrorId);
        }
    }
}
