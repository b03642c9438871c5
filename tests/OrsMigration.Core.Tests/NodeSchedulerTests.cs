using System;
using System.Collections.Generic;
using System.Linq;
using OrsMigration.Upgrade;
using Xunit;

namespace OrsMigration.Tests
{
    public class NodeSchedulerTests
    {
        private static OrsNode Node(int id, string dc) =>
            new OrsNode { Primary = new OrsApplication { Dbid = id, Name = "ORS_" + id }, DataCenter = dc };

        private static readonly List<OrsNode> Listed = new List<OrsNode>
            { Node(1, "DC1"), Node(2, "DC1"), Node(3, "DC1"), Node(4, "DC2"), Node(5, "DC2"), Node(6, "DC3") };

        [Fact]
        public void DataCenterOrderInterleavesKeepingEachDataCentersOwnOrder()
        {
            var ordered = NodeScheduler.Order(Listed, NodeOrder.DataCenter).Select(n => n.NodeId);
            Assert.Equal(new[] { 1, 4, 6, 2, 5, 3 }, ordered);
            Assert.Equal(Listed, NodeScheduler.Order(Listed, NodeOrder.Listed));
        }

        [Fact]
        public void NeverTwoOfOneDataCenterWhileAnotherHasNodesLeft()
        {
            var inMaintenance = new List<OrsNode> { Listed[0] };                      // DC1 busy
            var pending = new List<OrsNode> { Listed[1], Listed[3] };                 // DC1, DC2
            Assert.Equal(4, NodeScheduler.Next(pending, NodeOrder.DataCenter, inMaintenance).NodeId);
            Assert.Null(NodeScheduler.Next(new List<OrsNode> { Listed[1] }, NodeOrder.DataCenter,
                new List<OrsNode> { Listed[0], Listed[3] }));                         // DC2 still has a node left
            Assert.Equal(2, NodeScheduler.Next(new List<OrsNode> { Listed[1] }, NodeOrder.DataCenter,
                inMaintenance).NodeId);                                               // only DC1 left: it may
            Assert.Equal(2, NodeScheduler.Next(new List<OrsNode> { Listed[1] }, NodeOrder.Listed,
                new List<OrsNode> { Listed[0], Listed[3] }).NodeId);
        }

        [Fact]
        public void WavesPutTheCanariesFirstAndKeepTheRule()
        {
            var ordered = NodeScheduler.Order(Listed, NodeOrder.DataCenter);
            var waves = NodeScheduler.Waves(ordered, 1, 2, NodeOrder.DataCenter)
                .Select(w => string.Join(",", w.Select(n => n.NodeId))).ToList();
            Assert.Equal(new[] { "1", "4,6", "2,5", "3" }, waves);
            foreach (var wave in NodeScheduler.Waves(ordered, 0, 3, NodeOrder.DataCenter).Take(2))
                Assert.Equal(wave.Count, wave.Select(NodeScheduler.DataCenterOf).Distinct().Count());
        }

        [Fact]
        public void ANodeWithoutADataCenterIsItsOwn()
        {
            var a = Node(7, null);
            var b = Node(8, "");
            Assert.NotEqual(NodeScheduler.DataCenterOf(a), NodeScheduler.DataCenterOf(b));
        }

        [Fact]
        public void MixedVersionTimeRunsFromTheFirstDifferenceToTheLastAndSaysWhenItIsLeft()
        {
            var t0 = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
            TimelinePoint P(int s, string app, string v) =>
                new TimelinePoint { Time = t0.AddSeconds(s), Application = app, Version = v };
            var timeline = new List<TimelinePoint>
            {
                P(0, "A", "1"), P(0, "B", "1"), P(10, "A", "2"), P(25, "B", "2"), P(30, "A", "1"),
            };
            var (duration, atEnd) = MixedVersions.Of(timeline, t0.AddSeconds(40));
            Assert.Equal(TimeSpan.FromSeconds(15 + 10), duration);
            Assert.True(atEnd);
            Assert.Equal((TimeSpan.Zero, false), MixedVersions.Of(timeline.Take(2).ToList(), t0.AddSeconds(40)));
        }

        [Fact]
        public void TheRunsPolicyRoundTripsThroughItsJournalLine()
        {
            var policy = new UpgradePolicy { CanaryNodes = 2, SoakTime = TimeSpan.FromMinutes(15),
                MaxFailedNodes = 1, NodeOrder = NodeOrder.DataCenter, SiteHealthCheck = true };
            var line = new OrsUpgradeStep { Facts = PolicyFacts.OfRun(policy) };
            var back = PolicyFacts.Journaled(line);
            Assert.Equal((2, TimeSpan.FromMinutes(15), 1, NodeOrder.DataCenter, true),
                (back.CanaryNodes, back.SoakTime, back.MaxFailedNodes, back.NodeOrder, back.SiteHealthCheck));
            Assert.Null(PolicyFacts.Journaled(new OrsUpgradeStep()));
        }

        [Fact]
        public void TheSoakIsCheckedEveryTenthOfItWithinBounds()
        {
            var p = new UpgradePolicy { SoakTime = TimeSpan.FromMinutes(10) };
            Assert.Equal(TimeSpan.FromSeconds(30), p.SoakCheckInterval(TimeSpan.FromMilliseconds(200)));
            p.SoakTime = TimeSpan.FromSeconds(1);
            Assert.Equal(TimeSpan.FromMilliseconds(200), p.SoakCheckInterval(TimeSpan.FromMilliseconds(200)));
        }
    }
}

namespace OrsMigration.Tests
{
    public class RollingStateTests
    {
        private static OrsNode Node(int id) =>
            new OrsNode { Primary = new OrsApplication { Dbid = id, Name = "ORS_" + id }, DataCenter = "DC1" };

        private static UpgradeRun Run(int maxFailed, params int[] failedBefore)
        {
            var journal = UpgradeJournal.Open(System.IO.Path.Combine(TestPaths.NewTempDir(), "j.jsonl"));
            journal.Append("run1", 0, null, UpgradeStepKind.Run, JournalEvent.RunStarted);
            foreach (int id in failedBefore)
                journal.Append("run1", id, "ORS_" + id, UpgradeStepKind.Start, JournalEvent.Failed);
            var settings = new UpgradeSettings { Policy = new UpgradePolicy { MaxFailedNodes = maxFailed } };
            var plan = new UpgradePlan { RunId = "run1", Settings = settings,
                Nodes = new System.Collections.Generic.List<OrsNode> { Node(1), Node(2), Node(3) } };
            return new UpgradeRun(plan, journal, null);
        }

        [Fact]
        public void PastTheBudgetSpentEarlierOnlyTheNodesThatFailedMayBeTriedAgain()
        {
            var run = Run(0, 2);
            var state = new RollingState(run, run.Plan.Nodes);
            var pending = run.Plan.Nodes.ToList();
            Assert.Equal(2, state.Take(pending).NodeId);         // node 1 comes first, but the budget is spent
            Assert.Null(state.Take(pending));                    // and nothing new starts while it is
            // Once the retry upgraded it, the failure is given back and the others may go.
            var fresh = Run(0, 2);
            var again = new RollingState(fresh, fresh.Plan.Nodes);
            var list = fresh.Plan.Nodes.ToList();
            var retried = again.Take(list);
            again.NodeFinished(retried, true);
            Assert.Equal(1, again.Take(list).NodeId);
        }

        [Fact]
        public void WithinTheBudgetEveryNodeGoesInOrder()
        {
            var run = Run(1, 2);
            var state = new RollingState(run, run.Plan.Nodes);
            var pending = run.Plan.Nodes.ToList();
            Assert.Equal(1, state.Take(pending).NodeId);
            Assert.True(state.GoesOnAfterFailureOf(run.Plan.Nodes[1]));   // the same node failing again costs nothing
            Assert.False(state.GoesOnAfterFailureOf(run.Plan.Nodes[2]));
        }
    }
}
