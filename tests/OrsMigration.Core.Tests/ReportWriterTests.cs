using System;
using System.Collections.Generic;
using OrsMigration.Upgrade;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>Step durations from the journal, and the CSV a change ticket gets.</summary>
    public class ReportWriterTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

        private static OrsUpgradeStep Line(int seq, int seconds, string app, UpgradeStepKind step, JournalEvent e) =>
            new OrsUpgradeStep { Sequence = seq, Time = T0.AddSeconds(seconds), NodeId = 240, Application = app,
                Step = step, Event = e };

        [Fact]
        public void PairsStartedWithItsEndAndReportsAStepTheRunStoppedIn()
        {
            var steps = new List<OrsUpgradeStep>
            {
                Line(1, 0, "=cmd|' /C calc'!A0", UpgradeStepKind.Stop, JournalEvent.Started),
                Line(2, 4, "=cmd|' /C calc'!A0", UpgradeStepKind.Stop, JournalEvent.Succeeded),
                Line(3, 5, "ORS_DC1_1", UpgradeStepKind.Install, JournalEvent.Started),
                Line(4, 65, "ORS_DC1_1", UpgradeStepKind.Install, JournalEvent.Failed),
                Line(5, 66, "ORS_DC1_1", UpgradeStepKind.Start, JournalEvent.Started),
            };
            var d = StepDurations.Of(steps);
            Assert.Equal(3, d.Count);
            Assert.Equal(TimeSpan.FromSeconds(4), d[0].Duration);
            Assert.Equal(JournalEvent.Failed, d[1].Ended);
            Assert.Null(d[2].Ended);
            Assert.Equal(TimeSpan.FromSeconds(66), StepDurations.OfNode(d, 240));
            string csv = ReportWriter.Csv(new OrsUpgradeReport { RunId = "r1", Steps = steps });
            var lines = csv.Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("r1,240,'=cmd|' /C calc'!A0,Stop,", lines[1]);   // no formula for a spreadsheet
            Assert.EndsWith(",4,Succeeded", lines[1]);
            Assert.EndsWith(",60,Failed", lines[2]);
            Assert.EndsWith(",0,", lines[3]);
        }
    }
}
