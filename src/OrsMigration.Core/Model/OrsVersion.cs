using System;
using System.Globalization;
using System.Linq;

namespace OrsMigration
{
    /// <summary>
    /// A Genesys component version such as 8.1.400.64: major.minor.maintenance.build.
    /// Compared numerically part by part, because 8.1.400.9 is older than 8.1.400.10.
    /// Two or three parts are accepted (8.1 means 8.1.0.0) since compatibility lists name
    /// component versions that way.
    /// </summary>
    public sealed class OrsVersion : IComparable<OrsVersion>, IEquatable<OrsVersion>
    {
        private readonly int[] _parts;
        private readonly string _text;

        private OrsVersion(int[] parts, string text)
        {
            _parts = parts;
            _text = text;
        }

        public int Major => _parts[0];
        public int Minor => _parts[1];
        public int Maintenance => _parts[2];
        public int Build => _parts[3];

        /// <summary>Number of parts the text gave (2 to 4).</summary>
        public int PartCount { get; private set; }

        /// <summary>The release line, e.g. 8.1.4 for 8.1.400.64 (the hundreds of the maintenance part).</summary>
        public string ReleaseLine => PartCount >= 3
            ? string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", Major, Minor, Maintenance / 100)
            : string.Format(CultureInfo.InvariantCulture, "{0}.{1}", Major, Minor);

        /// <summary>The first version of a release line: 8.1.4 gives 8.1.400.0.</summary>
        public static OrsVersion ReleaseLineStart(string releaseLine)
        {
            var v = Parse(releaseLine);
            if (v.PartCount != 3 || v.Maintenance > 9)
                return v;
            return new OrsVersion(new[] { v.Major, v.Minor, v.Maintenance * 100, 0 }, releaseLine) { PartCount = 4 };
        }

        public static OrsVersion Parse(string text)
        {
            if (TryParse(text, out var version, out var error))
                return version;
            throw new FormatException(error);
        }

        public static bool TryParse(string text, out OrsVersion version) => TryParse(text, out version, out _);

        public static bool TryParse(string text, out OrsVersion version, out string error)
        {
            version = null;
            var trimmed = (text ?? string.Empty).Trim();
            var pieces = trimmed.Split('.');
            if (trimmed.Length == 0 || pieces.Length < 2 || pieces.Length > 4)
            {
                error = $"'{text}' is not a Genesys version: expected two to four numbers separated by dots, such as 8.1.400.64.";
                return false;
            }
            var parts = new int[4];
            for (int i = 0; i < pieces.Length; i++)
            {
                if (pieces[i].Length == 0 || !pieces[i].All(c => c >= '0' && c <= '9') ||
                    !int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
                {
                    error = $"'{text}' is not a Genesys version: part {i + 1} ('{pieces[i]}') is not a whole number. Expected a version such as 8.1.400.64.";
                    return false;
                }
            }
            version = new OrsVersion(parts, trimmed) { PartCount = pieces.Length };
            error = null;
            return true;
        }

        public int CompareTo(OrsVersion other)
        {
            if (other is null) return 1;
            for (int i = 0; i < 4; i++)
            {
                int c = _parts[i].CompareTo(other._parts[i]);
                if (c != 0) return c;
            }
            return 0;
        }

        public bool Equals(OrsVersion other) => CompareTo(other) == 0;
        public override bool Equals(object obj) => obj is OrsVersion v && Equals(v);
        public override int GetHashCode() => (_parts[0] * 397) ^ (_parts[1] * 31) ^ (_parts[2] * 7) ^ _parts[3];
        public override string ToString() => _text;

        public static bool operator <(OrsVersion a, OrsVersion b) => Compare(a, b) < 0;
        public static bool operator >(OrsVersion a, OrsVersion b) => Compare(a, b) > 0;
        public static bool operator <=(OrsVersion a, OrsVersion b) => Compare(a, b) <= 0;
        public static bool operator >=(OrsVersion a, OrsVersion b) => Compare(a, b) >= 0;

        private static int Compare(OrsVersion a, OrsVersion b) =>
            a is null ? (b is null ? 0 : -1) : a.CompareTo(b);
    }
}
