using System.Collections.Generic;
using System.Linq;

namespace OrsMigration.Catalog
{
    /// <summary>Plans the removal of obsolete options for a target version.</summary>
    public static class MigrationRules
    {
        public static OptionPlan PlanObsoleteRemoval(OrsApplication app, OrsVersion target, IEnumerable<ObsoleteOptionRule> rules = null)
        {
            var desired = app.Options.Clone();
            var reasons = new Dictionary<(string, string), string>();
            var warnings = new List<string>();
            foreach (var rule in (rules ?? ObsoleteOptionRule.MigrationGuide).Where(r => r.AppliesTo(target)))
                Apply(rule, app, desired, reasons, warnings);
            return OptionPlan.Create(app, desired, (s, n) => reasons.TryGetValue((s, n), out var r) ? r : null, warnings);
        }

        private static void Apply(ObsoleteOptionRule rule, OrsApplication app, OptionSet options, Dictionary<(string, string), string> reasons, List<string> warnings)
        {
            var section = options.Section(rule.Section);
            var old = section?.Find(rule.Name);
            if (old == null) return;
            if (rule.ReplacedBy != null)
                CarryOver(rule, app, section, old.Value, reasons, warnings);
            section.Remove(rule.Name);
            reasons[(rule.Section, rule.Name)] = rule.Reason;
            if (rule.RemoveEmptySection && section.Count == 0)
                options.RemoveSection(rule.Section);
        }

        /// <summary>The replacing option takes the old value in the old option's place, unless it is already set.</summary>
        private static void CarryOver(ObsoleteOptionRule rule, OrsApplication app, OptionSection section, string oldValue, Dictionary<(string, string), string> reasons, List<string> warnings)
        {
            string current = section[rule.ReplacedBy];
            if (current == null)
            {
                section.Insert(section.IndexOf(rule.Name), rule.ReplacedBy, oldValue);
                reasons[(rule.Section, rule.ReplacedBy)] = $"Carries the value of {rule.Section}/{rule.Name} over to its replacement {rule.ReplacedBy} (Orchestration Server 8.1.4 Migration Guide).";
            }
            else if (current != oldValue)
            {
                warnings.Add($"{app.Label}: {rule.Section}/{rule.Name}='{oldValue}' and {rule.Section}/{rule.ReplacedBy}='{current}' disagree; " +
                             $"kept {rule.ReplacedBy}='{current}' (it is the one 8.1.4 reads) and deleted {rule.Name}. Check that '{current}' is what you want.");
            }
        }
    }
}
