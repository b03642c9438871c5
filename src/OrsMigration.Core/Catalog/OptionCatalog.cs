using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using OrsMigration.Util;

namespace OrsMigration.Catalog
{
    /// <summary>
    /// The ORS options the module knows (embedded option-catalog.json), optionally corrected or
    /// extended by a site's own file of the same shape named by ORSMIGRATION_OPTION_CATALOG:
    /// an entry there replaces the built-in entry of the same section/name.
    /// </summary>
    public sealed class OptionCatalog
    {
        public const string OverrideVariable = "ORSMIGRATION_OPTION_CATALOG";
        private readonly List<OrsOptionInfo> _options;

        private readonly HashSet<string> _sections;

        private OptionCatalog(List<OrsOptionInfo> options, IEnumerable<string> sections)
        {
            _options = options;
            _sections = new HashSet<string>(sections.Concat(options.Select(o => o.Section)), StringComparer.Ordinal);
        }

        /// <summary>Sections an ORS Application may have: the catalogue's list and its options' sections.</summary>
        public IReadOnlyCollection<string> Sections => _sections;

        /// <summary>Section names are case-sensitive in Configuration Server, as the module treats them.</summary>
        public bool KnowsSection(string section) => _sections.Contains(section);

        /// <summary>Up to three known section names closest to a misspelt one.</summary>
        public IReadOnlyList<string> SuggestSection(string section) =>
            _sections.Select(x => (x, d: Levenshtein(x.ToLowerInvariant(), section.ToLowerInvariant())))
                .Where(x => x.d <= Math.Max(3, section.Length / 3))
                .OrderBy(x => x.d).ThenBy(x => x.x, StringComparer.Ordinal).Take(3).Select(x => x.x).ToList();

        public IReadOnlyList<OrsOptionInfo> Options => _options;

        /// <summary>The built-in catalogue with the site override applied when the variable names a file.</summary>
        public static OptionCatalog Load() => Load(Environment.GetEnvironmentVariable(OverrideVariable));

        public static OptionCatalog Load(string overridePath)
        {
            var (entries, sections) = Parse(ReadBuiltIn(), "the built-in catalogue");
            if (!string.IsNullOrWhiteSpace(overridePath))
            {
                if (!File.Exists(overridePath))
                    throw new OrsException("CatalogNotFound", OrsErrorKind.NotFound,
                        $"The option catalogue '{overridePath}' named by {OverrideVariable} does not exist.", overridePath);
                var (extra, extraSections) = Parse(File.ReadAllText(overridePath), overridePath);
                foreach (var e in extra)
                {
                    entries.RemoveAll(x => x.Key == e.Key);
                    entries.Add(e);
                }
                sections.AddRange(extraSections);
            }
            return new OptionCatalog(entries, sections);
        }

        public OrsOptionInfo Find(string section, string name) =>
            _options.FirstOrDefault(o => o.Section == section && o.Name == name);

        /// <summary>Sections whose options the catalogue claims to know; others (log, a site's own) are never called unknown.</summary>
        public bool Covers(string section) => section != "cluster" && _options.Any(o => o.Section == section);

        /// <summary>Up to three known names closest to a misspelt one, same section first.</summary>
        public IReadOnlyList<string> Suggest(string section, string name) =>
            _options.Select(o => (o, d: Levenshtein(o.Name, name) + (o.Section == section ? 0 : 2)))
                .Where(x => x.d <= Math.Max(3, name.Length / 3))
                .OrderBy(x => x.d).ThenBy(x => x.o.Key, StringComparer.Ordinal)
                .Take(3).Select(x => x.o.Key).ToList();

        private static string ReadBuiltIn()
        {
            using (var stream = typeof(OptionCatalog).Assembly.GetManifestResourceStream("OrsMigration.option-catalog.json"))
            using (var reader = new StreamReader(stream))
                return reader.ReadToEnd();
        }

        private static (List<OrsOptionInfo>, List<string>) Parse(string text, string origin)
        {
            try
            {
                var doc = Json.ParseObject(text);
                var options = ((JArray)doc["options"] ?? new JArray()).OfType<JObject>().Select(ToInfo).ToList();
                var sections = ((JArray)doc["sections"] ?? new JArray()).OfType<JObject>()
                    .Select(j => (string)j["name"] ?? throw new FormatException("a section entry has no name"))
                    .ToList();
                return (options, sections);
            }
            catch (Exception e) when (e is Newtonsoft.Json.JsonException || e is InvalidCastException || e is NullReferenceException || e is FormatException)
            {
                throw new OrsException("CatalogInvalid", OrsErrorKind.InvalidData,
                    $"The option catalogue {origin} cannot be read: {e.Message} It must hold {{ \"options\": [ {{ \"section\": ..., \"name\": ... }} ] }}.", origin, e);
            }
        }

        private static OrsOptionInfo ToInfo(JObject j) => new OrsOptionInfo
        {
            Section = (string)j["section"] ?? throw new FormatException("an entry has no section"),
            Name = (string)j["name"] ?? throw new FormatException("an entry has no name"),
            Default = (string)j["default"],
            ValueType = (string)j["type"] ?? "string",
            Minimum = (long?)j["min"],
            Maximum = (long?)j["max"],
            Unit = (string)j["unit"],
            AllowedValues = (j["values"] as JArray)?.Select(v => (string)v).ToList() ?? new List<string>(),
            Introduced = (string)j["introduced"],
            Removed = (string)j["removed"],
            ReplacedBy = (string)j["replacedBy"],
            SameOnAllNodes = (bool?)j["sameOnAllNodes"] ?? false,
            Description = (string)j["description"],
            Source = (string)j["source"],
            Confidence = Enum.TryParse((string)j["confidence"], true, out OptionConfidence c) ? c : OptionConfidence.Unknown,
        };

        private static int Levenshtein(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
                for (int j = 1; j <= b.Length; j++)
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            return d[a.Length, b.Length];
        }
    }
}
