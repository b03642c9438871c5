using System.Linq;
using OrsMigration.Catalog;
using Xunit;

namespace OrsMigration.Tests
{
    public class MigrationRulesTests
    {
        private static readonly OrsVersion To814 = OrsVersion.ReleaseLineStart("8.1.4");

        private static OrsApplication App(params (string s, string n, string v)[] options)
        {
            var app = new OrsApplication { Dbid = 104, Name = "ORS_1" };
            foreach (var (s, n, v) in options) app.Options.Set(s, n, v);
            return app;
        }

        [Fact]
        public void DeletesMcrPullByMsnOnlyWithAReasonCitingTheGuide()
        {
            var plan = MigrationRules.PlanObsoleteRemoval(App(("orchestration", "mcr-pull-by-msn-only", "false"), ("orchestration", "x", "1")), To814);
            var change = Assert.Single(plan.Changes);
            Assert.Equal(OrsChangeAction.Remove, change.Action);
            Assert.Contains("Migration Guide", change.Reason);
            Assert.Null(plan.Desired.Get("orchestration", "mcr-pull-by-msn-only"));
        }

        [Fact]
        public void Deletes812ClusterKeysAndTheSectionWhenNothingElseIsLeft()
        {
            var plan = MigrationRules.PlanObsoleteRemoval(App(("cluster", "name", "C1"), ("cluster", "super_node", "true"), ("log", "verbose", "all")), To814);
            Assert.Equal(2, plan.Changes.Count);
            Assert.Null(plan.Desired.Section("cluster"));
        }

        [Fact]
        public void Keeps813ClusterEntriesWhichMapApplicationsToDataCenters()
        {
            var plan = MigrationRules.PlanObsoleteRemoval(App(("cluster", "name", "C1"), ("cluster", "ORS_1", "DC1"), ("cluster", "ORS_2", "DC2")), To814);
            Assert.Single(plan.Changes);
            Assert.Equal(new[] { "ORS_1", "ORS_2" }, plan.Desired.Section("cluster").Select(o => o.Name));
        }

        [Fact]
        public void CarriesGetListItemByUrsOverToFunctionsByUrsInItsPlace()
        {
            var plan = MigrationRules.PlanObsoleteRemoval(App(("orchestration", "a", "1"), ("orchestration", "get-list-item-by-urs", "false"), ("orchestration", "b", "2")), To814);
            Assert.Equal(new[] { "a", "functions-by-urs", "b" }, plan.Desired.Section("orchestration").Select(o => o.Name));
            Assert.Equal("false", plan.Desired.Get("orchestration", "functions-by-urs"));
            Assert.Contains(plan.Changes, c => c.Action == OrsChangeAction.Add && c.Name == "functions-by-urs" && c.NewValue == "false");
            Assert.Empty(plan.Warnings);
        }

        [Fact]
        public void KeepsFunctionsByUrsAndWarnsWhenBothDisagree()
        {
            var plan = MigrationRules.PlanObsoleteRemoval(App(("orchestration", "get-list-item-by-urs", "false"), ("orchestration", "functions-by-urs", "true")), To814);
            Assert.Equal("true", plan.Desired.Get("orchestration", "functions-by-urs"));
            Assert.False(plan.Desired.Contains("orchestration", "get-list-item-by-urs"));
            var warning = Assert.Single(plan.Warnings);
            Assert.Contains("ORS_1", warning);
        }

        [Fact]
        public void BothAgreeingIsNoWarning()
        {
            var plan = MigrationRules.PlanObsoleteRemoval(App(("orchestration", "get-list-item-by-urs", "true"), ("orchestration", "functions-by-urs", "true")), To814);
            Assert.Empty(plan.Warnings);
            Assert.Single(plan.Changes);
        }

        [Fact]
        public void A813TargetKeeps814OnlyRules()
        {
            var plan = MigrationRules.PlanObsoleteRemoval(App(("orchestration", "mcr-pull-by-msn-only", "false"), ("cluster", "super_node", "true")), OrsVersion.ReleaseLineStart("8.1.3"));
            var change = Assert.Single(plan.Changes);
            Assert.Equal("super_node", change.Name);
        }

        [Fact]
        public void NothingObsoleteMeansNoChange()
        {
            var plan = MigrationRules.PlanObsoleteRemoval(App(("orchestration", "functions-by-urs", "true")), To814);
            Assert.False(plan.ChangesAnything);
        }
    }
}
