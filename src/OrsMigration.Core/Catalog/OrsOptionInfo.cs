using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OrsMigration
{
    /// <summary>How sure the catalogue is of an entry: checks built on anything but Confirmed only warn.</summary>
    public enum OptionConfidence { Confirmed, Inference, Unknown }

    /// <summary>What the module knows about one ORS option, and where that knowledge comes from.</summary>
    public sealed class OrsOptionInfo
    {
        public string Section { get; set; }
        public string Name { get; set; }
        public string Default { get; set; }
        /// <summary>boolean, integer, string, url or enum.</summary>
        public string ValueType { get; set; }
        public long? Minimum { get; set; }
        public long? Maximum { get; set; }
        public string Unit { get; set; }
        public IReadOnlyList<string> AllowedValues { get; set; } = new string[0];
        public string Introduced { get; set; }
        public string Removed { get; set; }
        public string ReplacedBy { get; set; }
        public bool SameOnAllNodes { get; set; }
        public string Description { get; set; }
        public string Source { get; set; }
        public OptionConfidence Confidence { get; set; }

        /// <summary>The valid values in words, e.g. "integer from 1000 to 300000 (ms)".</summary>
        public string ValidValues
        {
            get
            {
                switch (ValueType)
                {
                    case "boolean": return "true or false";
                    case "enum": return "one of " + string.Join(", ", AllowedValues);
                    case "url": return "a URL";
                    case "integer":
                        string unit = Unit != null ? $" ({Unit})" : string.Empty;
                        if (Minimum.HasValue && Maximum.HasValue) return $"integer from {Minimum} to {Maximum}{unit}";
                        if (Minimum.HasValue) return $"integer of at least {Minimum}{unit}";
                        return "integer" + unit;
                    default: return "any string";
                }
            }
        }

        public string Key => Section + "/" + Name;

        /// <summary>True when the option exists in that release: introduced at or before it, not removed at or before it.</summary>
        public bool ExistsIn(OrsVersion version)
        {
            if (Removed != null && version >= OrsVersion.ReleaseLineStart(Removed)) return false;
            return Introduced == null || version >= OrsVersion.ReleaseLineStart(Introduced);
        }

        /// <summary>Null when the value is valid, otherwise why not (naming the valid values).</summary>
        public string Check(string value)
        {
            string v = value ?? string.Empty;
            switch (ValueType)
            {
                case "boolean":
                    return v == "true" || v == "false" ? null : $"'{v}' is not valid for {Key}: expected true or false.";
                case "enum":
                    return AllowedValues.Contains(v) ? null : $"'{v}' is not valid for {Key}: expected {ValidValues}.";
                case "integer":
                    if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                        return $"'{v}' is not valid for {Key}: expected {ValidValues}.";
                    if ((Minimum.HasValue && n < Minimum) || (Maximum.HasValue && n > Maximum))
                        return $"'{v}' is out of range for {Key}: expected {ValidValues}.";
                    return null;
                case "url":
                    return System.Uri.TryCreate(v, System.UriKind.Absolute, out _) ? null : $"'{v}' is not valid for {Key}: expected an absolute URL.";
                default:
                    return null;
            }
        }

        public override string ToString() => Key;
    }
}
