using System.Collections.Generic;
using System.Linq;

namespace OrsMigration.Export
{
    /// <summary>Differences between two option sets, in the reference's order.</summary>
    public static class OptionComparer
    {
        public static IEnumerable<OrsConfigDifference> Compare(OptionSet reference, OptionSet difference, bool includeOrder)
        {
            foreach (var (section, name, value) in reference.Flatten())
            {
                string other = difference.Get(section, name);
                if (other == null) yield return Diff(section, name, value, null, "<=");
                else if (other != value) yield return Diff(section, name, value, other, "<>");
            }
            foreach (var (section, name, value) in difference.Flatten())
                if (!reference.Contains(section, name)) yield return Diff(section, name, null, value, "=>");
            if (!includeOrder) yield break;
            foreach (var moved in Moved(reference, difference)) yield return moved;
        }

        /// <summary>Options both sides hold, at another position among the options they share.</summary>
        private static IEnumerable<OrsConfigDifference> Moved(OptionSet reference, OptionSet difference)
        {
            var common = reference.Flatten().Where(o => difference.Contains(o.Section, o.Name)).Select(o => (o.Section, o.Name)).ToList();
            var otherOrder = difference.Flatten().Where(o => reference.Contains(o.Section, o.Name)).Select(o => (o.Section, o.Name)).ToList();
            for (int i = 0; i < common.Count; i++)
                if (common[i] != otherOrder[i])
                    yield return Diff(common[i].Section, common[i].Name, reference.Get(common[i].Section, common[i].Name), difference.Get(common[i].Section, common[i].Name), "~");
        }

        private static OrsConfigDifference Diff(string section, string name, string reference, string difference, string side) =>
            new OrsConfigDifference { Section = section, Name = name, ReferenceValue = reference, DifferenceValue = difference, SideIndicator = side };
    }
}
