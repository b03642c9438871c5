using System;
using System.Linq;
using OrsMigration.Control;
using OrsMigration.Lab;
using Xunit;

namespace OrsMigration.Tests
{
    public class LabTests
    {
        private DateTime _now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private (OrsLab lab, OrsApplication[] apps) NewLab(bool recoverable = true)
        {
            var settings = new LabState { TimeScale = 1, SessionRate = 1, MeanDuration = 1000, RecoverableStrategies = recoverable };
            var lab = OrsLab.Create(TestPaths.NewTempDir() + "/lab", TestPaths.Sample("ors-813"), settings, false, () => _now);
            return (lab, lab.Connection.Repository.GetApplications().Where(a => a.Type == OrsAppType.OrchestrationServer).ToArray());
        }

        private void Wait(double seconds) => _now = _now.AddSeconds(seconds);

        [Fact]
        public void PrimariesServeAndBackupsWait()
        {
            var (lab, apps) = NewLab();
            Assert.Equal((OrsRunState.Running, OrsRunMode.Primary), Mode(lab, apps, "ORS_DC1_1"));
            Assert.Equal((OrsRunState.Running, OrsRunMode.Backup), Mode(lab, apps, "ORS_DC1_1_Backup"));
        }

        [Fact]
        public void TrafficCreatesSessionsOnlyOnPrimariesAtTheConfiguredRate()
        {
            var (lab, apps) = NewLab();
            Wait(100);
            var counts = lab.Control.CountAsync(true, null, null, default).Result;
            Assert.Equal(4, counts.Count);
            Assert.All(counts, c => Assert.InRange(c.Count, 80, 100));
            var owners = lab.Transaction(s => s.Sessions.Select(x => x.Owner).Distinct().ToList());
            Assert.DoesNotContain(241, owners);
        }

        [Fact]
        public void ASwitchoverCarriesRecoverableSessionsToTheNewPrimary()
        {
            var (lab, apps) = NewLab();
            Wait(50);
            lab.Control.Switchover(App(apps, "ORS_DC1_1"));
            Assert.Equal(OrsRunMode.Primary, Mode(lab, apps, "ORS_DC1_1_Backup").Item2);
            var stats = lab.Control.Stats();
            Assert.InRange(stats.Carried, 40, 50);
            Assert.Equal(0, stats.Lost);
            Assert.True(lab.Transaction(s => s.Sessions.Where(x => x.NodeId == 240).All(x => x.Owner == 241)));
        }

        [Fact]
        public void WithoutSendSessionRecoveredASwitchoverLosesTheNodesSessions()
        {
            var (lab, apps) = NewLab(recoverable: false);
            Wait(50);
            long before = lab.Control.CountAsync(true, new[] { 240 }, null, default).Result.Single().Count;
            lab.Control.Switchover(App(apps, "ORS_DC1_1"));
            Assert.Equal(before, lab.Control.Stats().Lost);
            Assert.Equal(before, lab.Control.LostSessionIds().Count);
        }

        [Fact]
        public void StoppingTheServingPrimaryFailsOverToARunningBackup()
        {
            var (lab, apps) = NewLab();
            lab.Control.Stop(App(apps, "ORS_DC2_1"));
            Assert.Equal((OrsRunState.Stopped, OrsRunMode.Unknown), Mode(lab, apps, "ORS_DC2_1"));
            Assert.Equal(OrsRunMode.Primary, Mode(lab, apps, "ORS_DC2_1_Backup").Item2);
            lab.Control.Start(App(apps, "ORS_DC2_1"));
            Assert.Equal(OrsRunMode.Backup, Mode(lab, apps, "ORS_DC2_1").Item2);
        }

        [Fact]
        public void InjectedFaultsStrikeOnceEach()
        {
            var (lab, apps) = NewLab();
            var backup = App(apps, "ORS_DC1_2_Backup");
            lab.Control.Stop(backup);
            lab.Control.SetFault("ORS_DC1_2_Backup", "StartFails", 1);
            Assert.Equal("OrsMigration.StartFailed", Assert.Throws<OrsControlException>(() => lab.Control.Start(backup)).ErrorId);
            lab.Control.Start(backup);
            Assert.Equal(OrsRunState.Running, Mode(lab, apps, "ORS_DC1_2_Backup").Item1);
            lab.Control.SetFault("ORS_DC1_2", "SwitchoverRefused", 1);
            Assert.Equal("OrsMigration.SwitchoverRefused", Assert.Throws<OrsControlException>(() => lab.Control.Switchover(App(apps, "ORS_DC1_2"))).ErrorId);
            lab.Control.SetFault("ORS_DC1_2", "CrashNow", 1);
            Assert.Equal(OrsRunState.Stopped, Mode(lab, apps, "ORS_DC1_2").Item1);
            Assert.Equal(OrsRunMode.Primary, Mode(lab, apps, "ORS_DC1_2_Backup").Item2);
            lab.Control.SetFault("ORS_DC1_2", "Crash", 1);
            lab.Control.Start(App(apps, "ORS_DC1_2"));
            Assert.Equal(OrsRunState.Stopped, Mode(lab, apps, "ORS_DC1_2").Item1);
        }

        [Fact]
        public void InstallingNeedsAStoppedApplication()
        {
            var (lab, apps) = NewLab();
            var app = App(apps, "ORS_DC1_1_Backup");
            Assert.Throws<OrsControlException>(() => lab.Control.Install(app, "8.1.400.64", null));
            lab.Control.Stop(app);
            lab.Control.Install(app, "8.1.400.64", null);
            Assert.Equal("8.1.400.64", lab.Control.Status(app).Version);
        }

        [Fact]
        public void GeneratedLabsHaveTheAskedNumberOfNodes()
        {
            string store = LabStoreBuilder.Generate(TestPaths.Sample("ors-813"), 20, TestPaths.NewTempDir() + "/store");
            var topology = Cluster.ClusterReader.Read(new Config.ConfigRepository(new Config.FileConfigStore(store)));
            Assert.Equal(20, topology.Nodes.Count);
            Assert.All(topology.Nodes, n => Assert.NotNull(n.Backup));
            Assert.Equal(new[] { "DC1", "DC2" }, topology.Clusters.Single().DataCenters);
        }

        private static OrsApplication App(OrsApplication[] apps, string name) => apps.Single(a => a.Name == name);

        private static (OrsRunState, OrsRunMode) Mode(OrsLab lab, OrsApplication[] apps, string name)
        {
            var s = lab.Control.Status(App(apps, name));
            return (s.Status, s.Mode);
        }
    }
}
