using System.Collections.Generic;
using System.Linq;

namespace OrsMigration.Catalog
{
    public enum OptionProblemKind { UnknownSection, UnknownOption, InvalidValue }

    /// <summary>What is wrong with one option a user writes or a store holds, in words.</summary>
    public sealed class OptionProblem
    {
        public OptionProblemKind Kind { get; set; }
        public string Section { get; set; }
        public string Name { get; set; }
        public string Message { get; set; }
        /// <summary>What to do: the names meant, or the valid values.</summary>
        public string Hint { get; set; }
        /// <summary>The catalogue states the rule broken (not only infers it).</summary>
        public bool Certain { get; set; }
        public string Key => Section + "/" + Name;
        /// <summary>The error id a write that refuses it uses.</summary>
        public string ErrorId => Kind == OptionProblemKind.InvalidValue ? "InvalidOptionValue" : Kind.ToString();
    }

    /// <summary>
    /// The one check of an ORS option against the catalogue, for every path that writes or tests
    /// options (Set-OrsOption, Invoke-OrsRollingUpgrade -Option, Test-OrsConfig): an unknown section,
    /// an unknown name in a section the catalogue covers, an invalid value of a known option.
    /// </summary>
    public sealed class OptionValidator
    {
        private readonly OptionCatalog _catalog;

        public OptionValidator(OptionCatalog catalog) { _catalog = catalog; }

        /// <summary>The problem of section/name=value, or null when there is none.</summary>
        public OptionProblem Check(string section, string name, string value)
        {
            if (section == "cluster") return null;       // free-form in 8.1.2/8.1.3; the cluster rules judge it
            if (!_catalog.KnowsSection(section)) return UnknownSection(section, name);
            var info = _catalog.Find(section, name);
            if (info == null)
                return _catalog.Covers(section) ? UnknownOption(section, name) : null;
            // An empty value leaves the option at its default (INFERENCE: Configuration Server keeps empty
            // values and ORS reads them as unset), so it is never invalid.
            string problem = string.IsNullOrEmpty(value) ? null : info.Check(value);
            if (problem == null) return null;
            return new OptionProblem
            {
                Kind = OptionProblemKind.InvalidValue, Section = section, Name = name,
                Certain = info.Confidence == OptionConfidence.Confirmed,
                Message = problem + (info.Confidence == OptionConfidence.Confirmed ? ""
                    : $" (the catalogue's rule is {info.Confidence}, not confirmed by a source)"),
                Hint = $"Set a valid value: {info.ValidValues}" +
                       (info.Default != null ? $" (default {info.Default})." : "."),
            };
        }

        private OptionProblem UnknownSection(string section, string name)
        {
            var near = _catalog.SuggestSection(section);
            return new OptionProblem
            {
                Kind = OptionProblemKind.UnknownSection, Section = section, Name = name,
                Message = $"'{section}' is not a section of ORS options the module knows.",
                Hint = near.Count > 0 ? "Did you mean " + string.Join(" or ", near) + "?"
                    : "Known sections: " + string.Join(", ", _catalog.Sections.OrderBy(x => x)) +
                      " (a site catalogue can add more).",
            };
        }

        private OptionProblem UnknownOption(string section, string name)
        {
            IReadOnlyList<string> near = _catalog.Suggest(section, name);
            return new OptionProblem
            {
                Kind = OptionProblemKind.UnknownOption, Section = section, Name = name,
                Message = $"{section}/{name} is not an ORS option the module knows.",
                Hint = near.Count > 0 ? "Did you mean " + string.Join(" or ", near) + "?"
                    : "Check the spelling against the ORS options reference (Get-OrsOptionReference).",
            };
        }
    }
}
