using System.Collections.Generic;

namespace OrsMigration.Catalog
{
    /// <summary>
    /// An option the target release no longer uses. Data, so the table below reads like the
    /// migration guide's list and a site can see exactly what will be deleted and why.
    /// </summary>
    public sealed class ObsoleteOptionRule
    {
        public ObsoleteOptionRule(string section, string name, string obsoleteFrom, string reason, string replacedBy = null, bool removeEmptySection = false)
        {
            Section = section;
            Name = name;
            ObsoleteFrom = obsoleteFrom;
            Reason = reason;
            ReplacedBy = replacedBy;
            RemoveEmptySection = removeEmptySection;
        }

        public string Section { get; }
        public string Name { get; }
        /// <summary>The first release line that no longer uses the option, e.g. 8.1.4.</summary>
        public string ObsoleteFrom { get; }
        public string Reason { get; }
        /// <summary>The option (same section) that takes over the value, if any.</summary>
        public string ReplacedBy { get; }
        /// <summary>Delete the section too when the rule leaves it empty.</summary>
        public bool RemoveEmptySection { get; }

        public bool AppliesTo(OrsVersion target) => target >= OrsVersion.ReleaseLineStart(ObsoleteFrom);

        private const string Guide = "Orchestration Server 8.1.4 Migration Guide";

        /// <summary>The rules of the migration guide, 8.1.2 / 8.1.3 to 8.1.4.</summary>
        public static IReadOnlyList<ObsoleteOptionRule> MigrationGuide { get; } = new[]
        {
            new ObsoleteOptionRule("orchestration", "mcr-pull-by-msn-only", "8.1.4",
                $"ORS 8.1.4 no longer uses orchestration/mcr-pull-by-msn-only; the {Guide} says to delete it."),
            new ObsoleteOptionRule("cluster", "name", "8.1.3",
                $"The 8.1.2 cluster key 'name' is obsolete: ORS 8.1.3 and later have no Super Nodes ({Guide}; OS 8.1.3 Deployment Guide, High Availability).",
                removeEmptySection: true),
            new ObsoleteOptionRule("cluster", "super_node", "8.1.3",
                $"The 8.1.2 cluster key 'super_node' is obsolete: ORS 8.1.3 and later have no Super Nodes ({Guide}; OS 8.1.3 Deployment Guide, High Availability).",
                removeEmptySection: true),
            new ObsoleteOptionRule("orchestration", "get-list-item-by-urs", "8.1.4",
                $"orchestration/get-list-item-by-urs is replaced by functions-by-urs ({Guide}).",
                replacedBy: "functions-by-urs"),
        };
    }
}
