using System.IO;
using System.Text.RegularExpressions;
using Newtonsoft.Json;

namespace OrsMigration.Persistence
{
    /// <summary>
    /// How ORS's column families look from CQL. ORS writes them through Thrift, so CQL sees compact
    /// storage tables (key, column1, value). The table names are documented (sizing guide); the
    /// column names inside SessionIDServerInfo are not public: the defaults below are an
    /// inference, and a site overrides them with a JSON file of this shape.
    /// </summary>
    public sealed class OrsSessionSchema
    {
        public string SessionTable { get; set; } = "Session";
        public string OwnerTable { get; set; } = "SessionIDServerInfo";
        public string KeyColumn { get; set; } = "key";
        public string NameColumn { get; set; } = "column1";
        public string ValueColumn { get; set; } = "value";
        /// <summary>The column1 value whose value holds the owning node id (INFERENCE).</summary>
        public string NodeIdName { get; set; } = "node_id";
        /// <summary>The column1 value whose value holds the owning server's name (INFERENCE).</summary>
        public string ServerName { get; set; } = "server";

        private static readonly Regex Identifier = new Regex("^[A-Za-z][A-Za-z0-9_]{0,47}$");

        public static OrsSessionSchema Load(string path)
        {
            if (string.IsNullOrEmpty(path)) return new OrsSessionSchema();
            OrsSessionSchema schema;
            try { schema = JsonConvert.DeserializeObject<OrsSessionSchema>(File.ReadAllText(path)) ?? new OrsSessionSchema(); }
            catch (System.Exception e) when (e is IOException || e is JsonException)
            {
                throw new OrsException("SchemaProfileInvalid", OrsErrorKind.InvalidData, $"The session schema profile '{path}' cannot be read: {e.Message}", path, e);
            }
            schema.Validate(path);
            return schema;
        }

        /// <summary>Names go into CQL text (quoted), so they must be plain identifiers.</summary>
        public void Validate(string origin = "the session schema profile")
        {
            foreach (var name in new[] { SessionTable, OwnerTable, KeyColumn, NameColumn, ValueColumn })
                if (name == null || !Identifier.IsMatch(name))
                    throw new OrsException("SchemaProfileInvalid", OrsErrorKind.InvalidArgument, $"'{name}' in {origin} is not a valid table or column name.", origin);
        }

        public static string Quote(string identifier)
        {
            if (identifier == null || !Identifier.IsMatch(identifier))
                throw new OrsException("InvalidIdentifier", OrsErrorKind.InvalidArgument, $"'{identifier}' is not a valid Cassandra keyspace, table or column name (a letter, then letters, digits or _).", identifier);
            return "\"" + identifier + "\"";
        }

        public string OwnerQuery(string keyspace) =>
            $"SELECT {Quote(KeyColumn)}, {Quote(NameColumn)}, {Quote(ValueColumn)} FROM {Quote(keyspace)}.{Quote(OwnerTable)} WHERE token({Quote(KeyColumn)}) > ? AND token({Quote(KeyColumn)}) <= ?";

        /// <summary>The narrow projection counting needs: who owns what, not the session keys.</summary>
        public string OwnerCountQuery(string keyspace) =>
            $"SELECT {Quote(NameColumn)}, {Quote(ValueColumn)} FROM {Quote(keyspace)}.{Quote(OwnerTable)} WHERE token({Quote(KeyColumn)}) > ? AND token({Quote(KeyColumn)}) <= ?";

        public string SessionQuery(string keyspace) =>
            $"SELECT {Quote(KeyColumn)}, writetime({Quote(ValueColumn)}), {Quote(ValueColumn)} FROM {Quote(keyspace)}.{Quote(SessionTable)} WHERE token({Quote(KeyColumn)}) > ? AND token({Quote(KeyColumn)}) <= ?";
    }
}
