using System.Collections.Generic;
using System.Linq;
using OrsMigration.Cluster;
using OrsMigration.Config;
using OrsMigration.Ha;
using OrsMigration.Persistence;
using Xunit;

namespace OrsMigration.Tests
{
    public class TopologyTests
    {
        private static ConfigRepository Repo(string sample) => new ConfigRepository(new FileConfigStore(TestPaths.CopyOfSample(sample)));
        private static KeyValuePair<string, string> M(string k, string v) => new KeyValuePair<string, string>(k, v);

        [Fact]
        public void NodesArePrimariesWithTheirBackups()
        {
            var t = ClusterReader.Read(Repo("ors-813"));
            Assert.Equal(new[] { 240, 242, 244, 246 }, t.Nodes.Select(n => n.NodeId));
            Assert.All(t.Nodes, n => Assert.Equal(n.Name + "_Backup", n.Backup.Name));
        }

        [Fact]
        public void ReadsTheLegacyClusterSectionAsOneClusterWithDataCenters()
        {
            var t = ClusterReader.Read(Repo("ors-813"));
            var c = Assert.Single(t.Clusters);
            Assert.Equal(OrsClusterForm.Legacy, c.Form);
            Assert.Equal("ORS_DC1_1", c.Name);
            Assert.Equal(new[] { "DC1", "DC2" }, c.DataCenters);
            Assert.Equal("DC2", t.Nodes.Single(n => n.Name == "ORS_DC2_1").DataCenter);
        }

        [Fact]
        public void Reads812ClusterNames()
        {
            var c = Assert.Single(ClusterReader.Read(Repo("ors-812")).Clusters);
            Assert.Equal(("ORS_Cluster_1", OrsClusterForm.Legacy812, 4), (c.Name, c.Form, c.Nodes.Count));
        }

        [Fact]
        public void WritesAndReadsATransactionListWithoutTouchingTheApplications()
        {
            var repo = Repo("ors-813");
            var t = ClusterReader.Read(repo);
            var members = ClusterWriter.ResolveMembers(t, new[] { M("ors_dc1_1", "DC1"), M("ORS_DC2_1", "DC2") }, "ORS_Cluster_1");
            var plan = ClusterWriter.PlanTransactionList(repo, t, "ORS_Cluster_1", members);
            Assert.Equal(2, plan.Changes.Count);
            Assert.NotEmpty(plan.Warnings);
            ClusterWriter.ApplyTransactionList(repo, plan);
            var again = ClusterReader.Read(repo);
            var tl = again.Clusters.Single(c => c.Form == OrsClusterForm.TransactionList);
            Assert.Equal(new[] { "ORS_DC1_1", "ORS_DC2_1" }, tl.Nodes.Select(n => n.Name));
            Assert.Equal("ORS_Cluster_1", again.Nodes.Single(n => n.Name == "ORS_DC1_1").Cluster);
            var replan = ClusterWriter.PlanTransactionList(repo, again, "ORS_Cluster_1", members);
            Assert.Empty(replan.Changes);
        }

        [Fact]
        public void LegacyPlansCoverPrimaryAndBackupAndReplaceTheSectionExactly()
        {
            var repo = Repo("ors-812");
            var t = ClusterReader.Read(repo);
            var members = ClusterWriter.ResolveMembers(t, new[] { M("ORS_DC1_1", "DC1"), M("ORS_DC2_1", "DC2") }, "C");
            var plans = ClusterWriter.PlanLegacy(t, members);
            Assert.Equal(2, plans.Count);
            Assert.Equal(new[] { "ORS_DC1_1", "ORS_DC2_1" }, plans[0].Desired.Section("cluster").Select(o => o.Name));
            Assert.Contains(plans[0].Changes, c => c.Name == "super_node" && c.Action == OrsChangeAction.Remove);
        }

        [Theory]
        [InlineData("NoSuchApp", "not an ORS primary")]
        [InlineData("ORS_DC1_1_Backup", "is a backup")]
        public void RejectsNodesThatAreNotPrimaries(string name, string why)
        {
            var t = ClusterReader.Read(Repo("ors-813"));
            var e = Assert.Throws<OrsException>(() => ClusterWriter.ResolveMembers(t, new[] { M(name, "DC1") }, "C"));
            Assert.Contains(why, e.Message);
        }

        [Fact]
        public void CreatesAMatchingBackupOnceAndLinksIt()
        {
            var repo = Repo("ors-812");
            var primary = repo.GetApplication(240);
            var plan = BackupPlanner.Plan(repo, primary, "dc1-ors1b", null, null);
            var backup = BackupPlanner.Apply(repo, plan);
            Assert.Equal("ORS_DC1_1_Backup", backup.Name);
            Assert.Equal("dc1-ors1b", backup.HostName);
            Assert.DoesNotContain(Export.OptionComparer.Compare(primary.Options, backup.Options, false), d => d.Section != "log");
            Assert.Contains("ORS_DC1_1_Backup", backup.Options.Get("log", "all"));
            Assert.Equal(primary.Connections.Select(c => c.ServerDbid), backup.Connections.Select(c => c.ServerDbid));
            Assert.Equal("-app ORS_DC1_1_Backup", (string)backup.Stored["commandlinearguments"]);
            var stored = repo.GetApplication(240);
            Assert.Equal((backup.Dbid, OrsRedundancyType.WarmStandby), (stored.BackupDbid, stored.RedundancyType));
            var again = BackupPlanner.Plan(repo, stored, "dc1-ors1b", null, null);
            Assert.Equal(backup.Dbid, again.Existing.Dbid);
            Assert.False(again.LinkPrimary);
        }

        [Fact]
        public void AnExistingDifferentBackupIsAnErrorSayingWhatDiffers()
        {
            var repo = Repo("ors-813");
            var backup = repo.GetApplication(241);
            backup.Version = "8.1.400.64";
            backup.Options.Set("orchestration", "extra", "1");
            repo.Save(backup);
            var e = Assert.Throws<OrsException>(() => BackupPlanner.Plan(repo, repo.GetApplication(240), null, null, null));
            Assert.Equal("OrsMigration.BackupMismatch", e.ErrorId);
            Assert.Contains("version 8.1.400.64", e.Message);
            Assert.Contains("orchestration/extra", e.Message);
        }

        [Fact]
        public void RedundancyOtherThanWarmStandbyIsRefused()
        {
            var repo = Repo("ors-813");
            var e = Assert.Throws<OrsException>(() => RedundancyPlanner.Plan(repo, repo.GetApplication(240), repo.GetApplication(241), OrsRedundancyType.HotStandby));
            Assert.Contains("Warm Standby only", e.Message);
            Assert.Empty(RedundancyPlanner.Plan(repo, repo.GetApplication(240), repo.GetApplication(241), OrsRedundancyType.WarmStandby));
        }

        [Fact]
        public void ABackupServesOnePrimaryOnly()
        {
            var repo = Repo("ors-813");
            var e = Assert.Throws<OrsException>(() => RedundancyPlanner.Plan(repo, repo.GetApplication(242), repo.GetApplication(241), OrsRedundancyType.WarmStandby));
            Assert.Equal("OrsMigration.BackupTaken", e.ErrorId);
        }

        [Theory]
        [InlineData(CassandraStrategy.SimpleStrategy, "replication_factor:3", true)]
        [InlineData(CassandraStrategy.SimpleStrategy, "DC1:3", false)]
        [InlineData(CassandraStrategy.SimpleStrategy, "replication_factor:0", false)]
        [InlineData(CassandraStrategy.NetworkTopologyStrategy, "DC1:2,DC2:2", true)]
        [InlineData(CassandraStrategy.NetworkTopologyStrategy, "DC1:2", true)]
        [InlineData(CassandraStrategy.NetworkTopologyStrategy, "DC1:2,DC3:2", false)]
        [InlineData(CassandraStrategy.NetworkTopologyStrategy, "replication_factor:2", false)]
        [InlineData(CassandraStrategy.NetworkTopologyStrategy, "DC1:2,DC1:3", false)]
        public void ValidatesStrategyOptionsAgainstTheClusterDataCenters(CassandraStrategy strategy, string options, bool valid)
        {
            var settings = new PersistenceSettings { Keyspace = "Orchestration", StrategyClass = strategy, StrategyOptions = options };
            var validate = (System.Action)(() => PersistencePlanner.Validate(settings, new[] { "DC1", "DC2" }, "ORS_1"));
            if (valid) validate();
            else Assert.Contains("Nothing was written", Assert.Throws<OrsException>(validate).Message);
        }

        [Fact]
        public void NetworkTopologyNeedsAClusterWithDataCenters()
        {
            var settings = new PersistenceSettings { Keyspace = "Orchestration", StrategyClass = CassandraStrategy.NetworkTopologyStrategy, StrategyOptions = "DC1:2" };
            Assert.Contains("Set-OrsCluster", Assert.Throws<OrsException>(() => PersistencePlanner.Validate(settings, new string[0], "ORS_1")).Message);
        }
    }
}
