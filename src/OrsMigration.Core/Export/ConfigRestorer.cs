namespace OrsMigration.Export
{
    using Config;

    /// <summary>
    /// The one restore of a rollback point onto its Application, shared by Restore-OrsConfig
    /// (which asks ShouldProcess between Plan and Write) and the upgrade runner.
    /// </summary>
    public static class ConfigRestorer
    {
        /// <summary>The Application as the export would leave it, not yet written.</summary>
        public static (OptionPlan Plan, OrsApplication Updated) Prepare(OrsApplication target, RestoreSource source,
            RestoreMode mode)
        {
            var plan = RestorePlanner.Plan(target, source, mode);
            var updated = target.Clone();
            updated.Options = plan.Desired;
            if (source.Snapshot != null) RestorePlanner.ApplySnapshotFields(updated, source.Snapshot);
            return (plan, updated);
        }

        /// <summary>
        /// Writes a prepared restore and reads it back (OrsMigration.RestoreVerifyFailed on any difference).
        /// </summary>
        public static void Write(ConfigRepository repo, OrsApplication updated, OptionPlan plan, RestoreSource source)
        {
            repo.Save(updated);
            Verify(repo, updated, plan, source);
        }

        public static void Verify(ConfigRepository repo, OrsApplication saved, OptionPlan plan, RestoreSource source)
        {
            var stored = repo.GetApplication(saved.Dbid);
            string difference = stored == null ? "it is gone from the store" : RestorePlanner.VerifyDifference(stored,
                plan.Desired, source.Snapshot);
            if (difference.Length > 0)
                throw new OrsException("RestoreVerifyFailed", OrsErrorKind.InvalidData,
                    $"{saved.Label} was written from '{source.Path}' but {difference}. Someone may have changed it " +
                    "at the same moment; " +
                    "compare with Compare-OrsConfig and restore again.", saved);
        }

        /// <summary>
        /// Whether the Application already holds exactly what the export (with its snapshot) would restore.
        /// </summary>
        public static bool AlreadyRestored(OrsApplication current, RestoreSource source) =>
            RestorePlanner.VerifyDifference(current, RestorePlanner.Plan(current, source, RestoreMode.Exact).Desired,
                source.Snapshot).Length == 0;
    }
}
