using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace OrsMigration.Persistence
{
    public enum CassandraStrategy { SimpleStrategy, NetworkTopologyStrategy }

    /// <summary>The persistence settings Set-OrsPersistence writes.</summary>
    public sealed class PersistenceSettings
    {
        public string Keyspace { get; set; }
        public CassandraStrategy StrategyClass { get; set; }
        public string StrategyOptions { get; set; }
        public string SchemaVersion { get; set; }
        public IList<string> CassandraNodes { get; set; }
    }

    /// <summary>Validates persistence settings and plans the cassandra-* options of an Application.</summary>
    public static class PersistencePlanner
    {
        public const string Section = "persistence";
        private static readonly Regex KeyspaceName = new Regex("^[A-Za-z][A-Za-z0-9_]{0,47}$");
        private static readonly Regex SimpleOptions = new Regex(@"^replication_factor:\s*([1-9][0-9]*)$");
        private static readonly Regex DcEntry = new Regex(@"^([^:,\s]+):\s*([1-9][0-9]*)$");

        /// <summary>Throws before anything is written when the settings cannot work; dataCenters are the cluster's.</summary>
        public static void Validate(PersistenceSettings s, IEnumerable<string> dataCenters, string target)
        {
            if (string.IsNullOrEmpty(s.Keyspace) || !KeyspaceName.IsMatch(s.Keyspace))
                throw Invalid($"'{s.Keyspace}' is not a Cassandra keyspace name (a letter, then letters, digits or _; at most 48).", target);
            string options = (s.StrategyOptions ?? string.Empty).Trim();
            if (s.StrategyClass == CassandraStrategy.SimpleStrategy)
            {
                if (!SimpleOptions.IsMatch(options))
                    throw Invalid($"SimpleStrategy needs -StrategyOptions 'replication_factor:N' (N at least 1), not '{options}'.", target);
                return;
            }
            var known = dataCenters.ToList();
            var entries = options.Split(',').Select(e => e.Trim()).ToList();
            foreach (var e in entries)
                if (!DcEntry.IsMatch(e))
                    throw Invalid($"NetworkTopologyStrategy needs -StrategyOptions 'DC:N[,DC:N]' (for example 'DC1:2,DC2:2'); '{e}' is not DC:N.", target);
            var names = entries.Select(e => DcEntry.Match(e).Groups[1].Value).ToList();
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
                throw Invalid($"-StrategyOptions '{options}' names a data center twice.", target);
            if (known.Count == 0)
                throw Invalid($"{target} is in no cluster that names data centers, so NetworkTopologyStrategy data centers cannot be checked. Define the cluster first (Set-OrsCluster) or use SimpleStrategy.", target);
            var unknown = names.Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
                throw Invalid($"-StrategyOptions names data center(s) {string.Join(", ", unknown)} that the cluster of {target} does not have (it has {string.Join(", ", known)}).", target);
        }

        public static OptionPlan Plan(OrsApplication app, PersistenceSettings s)
        {
            var desired = app.Options.Clone();
            desired.Set(Section, "cassandra-keyspace-name", s.Keyspace);
            desired.Set(Section, "cassandra-strategy-class", s.StrategyClass.ToString());
            desired.Set(Section, "cassandra-strategy-options", s.StrategyOptions.Trim());
            if (!string.IsNullOrEmpty(s.SchemaVersion)) desired.Set(Section, "cassandra-schema-version", s.SchemaVersion);
            if (s.CassandraNodes != null && s.CassandraNodes.Count > 0) desired.Set(Section, "cassandra-nodes", string.Join(";", s.CassandraNodes));
            return OptionPlan.Create(app, desired, (sec, n) => "Persistence for 8.1.4 (Orchestration Server 8.1.4 Migration Guide: configure the persistence options on every Application of the node)");
        }

        private static OrsException Invalid(string message, string target) =>
            new OrsException("PersistenceInvalid", OrsErrorKind.InvalidArgument, message + " Nothing was written.", target);
    }
}
