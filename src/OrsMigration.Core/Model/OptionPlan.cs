using System;
using System.Collections.Generic;
using System.Linq;

namespace OrsMigration
{
    /// <summary>
    /// What a changing operation will do to one Application's options: the options it should
    /// end with, the change records between now and then, and warnings for the administrator.
    /// The records are computed from the two option sets, so they can never disagree with the
    /// write that follows.
    /// </summary>
    public sealed class OptionPlan
    {
        private OptionPlan(OrsApplication app, OptionSet desired, List<OrsConfigChange> changes, List<string> warnings)
        {
            Application = app;
            Desired = desired;
            Changes = changes;
            Warnings = warnings;
        }

        public OrsApplication Application { get; }
        public OptionSet Desired { get; }
        public IReadOnlyList<OrsConfigChange> Changes { get; }
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>True when the write would change the stored options (values, or their order).</summary>
        public bool ChangesAnything => Changes.Count > 0 || !Application.Options.SequenceEquals(Desired);

        /// <summary>Diffs the application's current options against desired; reasonOf gives each change its reason.</summary>
        public static OptionPlan Create(OrsApplication app, OptionSet desired, Func<string, string, string> reasonOf, IEnumerable<string> warnings = null)
        {
            var changes = Diff(app, app.Options, desired, reasonOf).ToList();
            return new OptionPlan(app, desired, changes, (warnings ?? Enumerable.Empty<string>()).ToList());
        }

        private static IEnumerable<OrsConfigChange> Diff(OrsApplication app, OptionSet before, OptionSet after, Func<string, string, string> reasonOf)
        {
            foreach (var (section, name, value) in before.Flatten())
            {
                string now = after.Get(section, name);
                if (now == null) yield return Change(app, section, name, OrsChangeAction.Remove, value, null, reasonOf);
                else if (now != value) yield return Change(app, section, name, OrsChangeAction.Update, value, now, reasonOf);
            }
            foreach (var (section, name, value) in after.Flatten())
                if (!before.Contains(section, name))
                    yield return Change(app, section, name, OrsChangeAction.Add, null, value, reasonOf);
        }

        private static OrsConfigChange Change(OrsApplication app, string section, string name, OrsChangeAction action, string oldValue, string newValue, Func<string, string, string> reasonOf) =>
            new OrsConfigChange
            {
                ApplicationName = app.Name,
                ApplicationDbid = app.Dbid,
                Section = section,
                Name = name,
                Action = action,
                OldValue = oldValue,
                NewValue = newValue,
                Reason = reasonOf?.Invoke(section, name),
            };
    }
}
