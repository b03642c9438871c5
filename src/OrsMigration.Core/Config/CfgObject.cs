using Newtonsoft.Json.Linq;

namespace OrsMigration.Config
{
    /// <summary>
    /// A configuration object as GAX represents it (flattened JSON, string scalars), with the
    /// revision it had when read so a later write can be refused if someone changed it since.
    /// </summary>
    public sealed class CfgObject
    {
        public CfgObject(string type, int dbid, JObject json, string revision)
        {
            Type = type;
            Dbid = dbid;
            Json = json;
            Revision = revision;
        }

        public string Type { get; }
        public int Dbid { get; internal set; }
        public JObject Json { get; internal set; }
        public string Revision { get; internal set; }
        /// <summary>The name when it is text; null when it is missing or (a malformed object) not text.</summary>
        public string Name => Json?["name"] is JValue v && v.Value != null ? System.Convert.ToString(v.Value,
            System.Globalization.CultureInfo.InvariantCulture) : null;

        /// <summary>Configuration Server matches object names ignoring case.</summary>
        public bool HasName(string name) => string.Equals(Name, name, System.StringComparison.OrdinalIgnoreCase);
        public override string ToString() => Name == null ? $"{Type} (dbid {Dbid})" : $"{Type} '{Name}' (dbid {Dbid})";
    }

    /// <summary>The Configuration Layer object types the module reads and writes.</summary>
    public static class CfgTypes
    {
        public const string Application = "CfgApplication";
        public const string Host = "CfgHost";
        public const string Transaction = "CfgTransaction";
    }
}
