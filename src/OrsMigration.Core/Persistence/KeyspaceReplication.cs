using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace OrsMigration.Persistence
{
    /// <summary>A keyspace's replication: the strategy class and its options, as a map like system_schema's.</summary>
    public sealed class KeyspaceReplication
    {
        private const string LocatorPrefix = "org.apache.cassandra.locator.";
        private static readonly Regex DataCenter = new Regex(@"^[A-Za-z0-9_.\-]+$");

        public KeyspaceReplication(string strategyClass, IDictionary<string, string> options)
        {
            StrategyClass = Short(strategyClass);
            Options = new SortedDictionary<string, string>(options.Where(kv => kv.Key != "class").ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
        }

        public string StrategyClass { get; }
        public IReadOnlyDictionary<string, string> Options { get; }

        public static string Short(string strategyClass) =>
            strategyClass != null && strategyClass.StartsWith(LocatorPrefix, StringComparison.Ordinal) ? strategyClass.Substring(LocatorPrefix.Length) : strategyClass;

        /// <summary>From an Application's cassandra-strategy-class and cassandra-strategy-options (k:v,k:v).</summary>
        public static KeyspaceReplication FromOptions(string strategyClass, string strategyOptions, string target)
        {
            string cls = Short((strategyClass ?? string.Empty).Trim());
            if (cls != "SimpleStrategy" && cls != "NetworkTopologyStrategy")
                throw new OrsException("PersistenceInvalid", OrsErrorKind.InvalidData,
                    $"{target}: persistence/cassandra-strategy-class is '{strategyClass}'; expected SimpleStrategy or NetworkTopologyStrategy. Set it with Set-OrsPersistence.", target);
            var options = new Dictionary<string, string>();
            foreach (var entry in (strategyOptions ?? string.Empty).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split(':');
                if (parts.Length != 2 || !DataCenter.IsMatch(parts[0].Trim()) || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                    throw new OrsException("PersistenceInvalid", OrsErrorKind.InvalidData,
                        $"{target}: '{entry}' in persistence/cassandra-strategy-options is not name:count. Set it with Set-OrsPersistence.", target);
                options[parts[0].Trim()] = n.ToString(CultureInfo.InvariantCulture);
            }
            if (options.Count == 0 || (cls == "SimpleStrategy" && (options.Count != 1 || !options.ContainsKey("replication_factor"))))
                throw new OrsException("PersistenceInvalid", OrsErrorKind.InvalidData,
                    $"{target}: cassandra-strategy-options '{strategyOptions}' does not fit {cls} (replication_factor:N, or DC:N[,DC:N]).", target);
            return new KeyspaceReplication(cls, options);
        }

        /// <summary>The CQL map literal; every name and value was validated, so nothing user-typed reaches CQL unchecked.</summary>
        public string ToCql() =>
            "{'class': '" + StrategyClass + "'" + string.Concat(Options.Select(kv => $", '{kv.Key}': '{kv.Value}'")) + "}";

        public bool SameAs(KeyspaceReplication other) =>
            other != null && StrategyClass == other.StrategyClass && Options.Count == other.Options.Count &&
            Options.All(kv => other.Options.TryGetValue(kv.Key, out var v) && v == kv.Value);

        public override string ToString() => StrategyClass + " " + string.Join(",", Options.Select(kv => kv.Key + ":" + kv.Value));
    }
}
