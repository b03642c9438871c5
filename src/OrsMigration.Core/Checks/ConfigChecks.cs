using System.Collections.Generic;
using System.Linq;
using OrsMigration.Catalog;
using OrsMigration.Cluster;
using OrsMigration.Export;

namespace OrsMigration.Checks
{
    /// <summary>The checks of Test-OrsConfig, each a small function over the topology and the catalogue.</summary>
    public static class ConfigChecks
    {
        public static IEnumerable<OrsCheckResult> Run(Topology topology, IReadOnlyList<OrsApplication> targets, OptionCatalog catalog, OrsVersion target)
        {
            foreach (var app in targets)
            {
                if (app.Type != OrsAppType.OrchestrationServer)
                {
                    yield return OrsCheckResult.Of("Options", app.Label, OrsCheckStatus.Skipped, $"{app.Label} is a {app.Type}, not an ORS Application.");
                    continue;
                }
                foreach (var r in OptionChecks(app, catalog, target)) yield return r;
            }
            var nodes = targets.Select(topology.NodeOf).Where(n => n != null).Distinct().ToList();
            foreach (var node in nodes)
                foreach (var r in HaChecks(node)) yield return r;
            foreach (var cluster in nodes.Select(topology.ClusterOf).Where(c => c != null).Distinct())
                foreach (var r in ClusterEquality(cluster, catalog)) yield return r;
        }

        public static IEnumerable<OrsCheckResult> OptionChecks(OrsApplication app, OptionCatalog catalog, OrsVersion target)
        {
            var results = new List<OrsCheckResult>();
            var validator = new OptionValidator(catalog);
            foreach (var (section, name, value) in app.Options.Flatten())
            {
                var info = catalog.Find(section, name);
                if (info != null && info.Removed != null && !info.ExistsIn(target))
                    results.Add(About(OrsCheckResult.Of("ObsoleteOption", $"{app.Label} {section}/{name}",
                        Severity(info),
                        $"{section}/{name} is not used by {target.ReleaseLine} (removed in {info.Removed}{(info.ReplacedBy != null ? ", replaced by " + info.ReplacedBy : "")}).",
                        "Run Remove-OrsObsoleteOption."), app, section, name));
                else if (validator.Check(section, name, value) is OptionProblem problem)
                    results.Add(About(Result(app, problem), app, section, name));
            }
            if (results.Count == 0)
                results.Add(OrsCheckResult.Of("Options", app.Label, OrsCheckStatus.Pass, $"All {app.Options.OptionCount} options are known, current for {target.ReleaseLine} and valid."));
            return results;
        }

        /// <summary>A primary needs a Warm Standby backup with the same options and connections.</summary>
        public static IEnumerable<OrsCheckResult> HaChecks(OrsNode node)
        {
            var p = node.Primary;
            if (node.Backup == null)
            {
                yield return OrsCheckResult.Of("Backup", p.Label, OrsCheckStatus.Fail,
                    p.BackupDbid > 0 ? $"{p.Label} names backup DBID {p.BackupDbid}, which is not an ORS Application." : $"{p.Label} has no backup Application.",
                    "Create one with New-OrsBackupApplication -HostName <host>.");
                yield break;
            }
            var b = node.Backup;
            var wrong = node.Applications.Where(a => a.RedundancyType != OrsRedundancyType.WarmStandby).ToList();
            yield return wrong.Count > 0
                ? OrsCheckResult.Of("Redundancy", p.Label, OrsCheckStatus.Fail,
                    $"Redundancy type is {string.Join(", ", wrong.Select(a => a.Name + "=" + a.RedundancyType))}; ORS supports Warm Standby only.",
                    $"Set-OrsRedundancy -InputObject {p.Name} -Backup {b.Name}")
                : OrsCheckResult.Of("Redundancy", p.Label, OrsCheckStatus.Pass, $"{p.Name} and {b.Name} are a Warm Standby pair.");
            var diff = OptionComparer.Compare(p.Options, b.Options, false).Where(d => !IsPerApplicationSection(d.Section)).ToList();
            yield return diff.Count > 0
                ? OrsCheckResult.Of("BackupOptions", p.Label, OrsCheckStatus.Fail,
                    $"The backup {b.Name} differs from the primary in {diff.Count} option(s) outside the log sections: {string.Join(", ", diff.Take(5).Select(d => d.Section + "/" + d.Name))}{(diff.Count > 5 ? ", ..." : "")}. Configuration Server does not copy options to the backup.",
                    "Set the same options on the backup (Set-OrsOption), or export the primary and restore it onto the backup with Restore-OrsConfig -Application.")
                : OrsCheckResult.Of("BackupOptions", p.Label, OrsCheckStatus.Pass, $"{b.Name} has the primary's options.");
            string Conn(OrsApplication a) => string.Join(",", a.Connections.Select(c => c.ServerDbid).OrderBy(x => x));
            if (Conn(p) != Conn(b))
                yield return OrsCheckResult.Of("BackupConnections", p.Label, OrsCheckStatus.Fail,
                    $"The backup {b.Name} does not have the primary's connections.", "Edit the connections on the primary; Configuration Server mirrors them to the backup.");
        }

        /// <summary>Options the catalogue says must be equal on every node of a cluster.</summary>
        public static IEnumerable<OrsCheckResult> ClusterEquality(OrsCluster cluster, OptionCatalog catalog)
        {
            var apps = cluster.Nodes.SelectMany(n => n.Applications).ToList();
            bool any = false;
            foreach (var info in catalog.Options.Where(o => o.SameOnAllNodes))
            {
                var values = apps.Select(a => (a.Name, Value: a.Options.Get(info.Section, info.Name))).ToList();
                if (values.All(v => v.Value == null) || values.Select(v => v.Value).Distinct().Count() == 1) continue;
                any = true;
                yield return OrsCheckResult.Of("ClusterConsistency", $"{cluster.Name} {info.Key}", Severity(info),
                    $"{info.Key} must be the same on all nodes of cluster {cluster.Name}, but: " +
                    string.Join("; ", values.GroupBy(v => v.Value ?? "(not set)").Select(g => $"'{g.Key}' on {string.Join(", ", g.Select(x => x.Name))}")) + ".",
                    $"Set one value everywhere, e.g. Get-OrsNode -Cluster {cluster.Name} | ForEach-Object Applications | Set-OrsOption -Section {info.Section} -Name {info.Name} -Value <value>");
            }
            if (!any)
                yield return OrsCheckResult.Of("ClusterConsistency", cluster.Name, OrsCheckStatus.Pass, $"Options that must match across the {cluster.Nodes.Count} nodes of {cluster.Name} match.");
        }

        /// <summary>
        /// A problem the validator found: a Fail when the catalogue states the rule broken, a Warning when
        /// it only infers it or cannot claim to know every name (unknown sections and options).
        /// </summary>
        private static OrsCheckResult Result(OrsApplication app, OptionProblem problem)
        {
            string check = problem.Kind == OptionProblemKind.InvalidValue ? "InvalidValue" : problem.Kind.ToString();
            var status = problem.Certain ? OrsCheckStatus.Fail : OrsCheckStatus.Warning;
            return OrsCheckResult.Of(check, $"{app.Label} {problem.Key}", status, problem.Message, problem.Hint);
        }

        private static OrsCheckResult About(OrsCheckResult r, OrsApplication app, string section, string name)
        {
            r.ApplicationName = app.Name;
            r.Section = section;
            r.Name = name;
            return r;
        }

        /// <summary>Log sections name each Application's own files, so a backup's may differ from its primary's.</summary>
        public static bool IsPerApplicationSection(string section) =>
            section.StartsWith("log", System.StringComparison.OrdinalIgnoreCase);

        /// <summary>Facts the catalogue only infers can warn, never fail.</summary>
        internal static OrsCheckStatus Severity(OrsOptionInfo info) =>
            info.Confidence == OptionConfidence.Confirmed ? OrsCheckStatus.Fail : OrsCheckStatus.Warning;
    }
}
