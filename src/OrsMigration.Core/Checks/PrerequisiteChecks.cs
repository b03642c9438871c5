using System.Collections.Generic;
using System.Linq;
using OrsMigration.Catalog;
using OrsMigration.Cluster;

namespace OrsMigration.Checks
{
    /// <summary>The checks of Test-OrsMigrationPrerequisite: what must hold before ORS is upgraded.</summary>
    public static class PrerequisiteChecks
    {
        private static readonly string[] PersistenceOptions =
            { "cassandra-nodes", "cassandra-keyspace-name", "cassandra-strategy-class", "cassandra-strategy-options", "cassandra-schema-version" };

        /// <param name="persistedSessions">The session store's count, when one was consulted (null otherwise).</param>
        public static IEnumerable<OrsCheckResult> Run(Topology topology, OptionCatalog catalog, OrsVersion target, long? persistedSessions = null)
        {
            var ors = topology.Applications.Where(a => a.Type == OrsAppType.OrchestrationServer).ToList();
            if (ors.Count == 0)
            {
                yield return OrsCheckResult.Of("Deployment", "store", OrsCheckStatus.Fail, "The store holds no ORS Application.", "Connect to the right store.");
                yield break;
            }
            foreach (var r in UrsChecks(topology, ors)) yield return r;
            foreach (var r in ComponentChecks(topology)) yield return r;
            foreach (var node in topology.Nodes) foreach (var r in ConfigChecks.HaChecks(node).Where(r => r.Check == "Backup" || r.Check == "Redundancy")) yield return r;
            foreach (var r in PersistenceConsistency(topology, ors)) yield return r;
            yield return Obsolete(ors, catalog, target);
            yield return SessionDrain(ors, persistedSessions);
        }

        /// <summary>Every URS an ORS Application connects to must be 8.1.4 or later.</summary>
        public static IEnumerable<OrsCheckResult> UrsChecks(Topology topology, List<OrsApplication> ors)
        {
            var min = OrsVersion.ReleaseLineStart("8.1.4");
            var byDbid = topology.Applications.ToDictionary(a => a.Dbid);
            foreach (var app in ors.Where(a => !a.Connections.Any(c => byDbid.TryGetValue(c.ServerDbid, out var s) && s.Type == OrsAppType.RouterServer)))
                yield return OrsCheckResult.Of("UrsVersion", app.Label, OrsCheckStatus.Warning, $"{app.Label} has no URS in its connections.",
                    "Each ORS node needs one URS connection (OS 8.1.4 Deployment Guide, Clustering).");
            var urs = ors.SelectMany(a => a.Connections).Select(c => byDbid.TryGetValue(c.ServerDbid, out var s) ? s : null)
                .Where(s => s != null && s.Type == OrsAppType.RouterServer).Distinct().OrderBy(s => s.Dbid);
            foreach (var u in urs)
            {
                if (!OrsVersion.TryParse(u.Version, out var v))
                    yield return OrsCheckResult.Of("UrsVersion", u.Label, OrsCheckStatus.Warning, $"URS {u.Label} has version '{u.Version}', which is not a version number.", "Check the Application's version.");
                else if (v < min)
                    yield return OrsCheckResult.Of("UrsVersion", u.Label, OrsCheckStatus.Fail,
                        $"URS {u.Label} is {u.Version}: ORS 8.1.4 needs URS 8.1.4 or later (URS 8.1.3 is incompatible).", "Upgrade URS to 8.1.4 before ORS.");
                else
                    yield return OrsCheckResult.Of("UrsVersion", u.Label, OrsCheckStatus.Pass, $"URS {u.Label} is {u.Version}.");
            }
        }

        public static IEnumerable<OrsCheckResult> ComponentChecks(Topology topology)
        {
            foreach (var req in CompatibilityMatrix.Ors814.Where(r => r.Type != OrsAppType.RouterServer))
            {
                var min = OrsVersion.ReleaseLineStart(req.Minimum);
                foreach (var app in topology.Applications.Where(a => a.Type == req.Type))
                {
                    if (!OrsVersion.TryParse(app.Version, out var v))
                        yield return OrsCheckResult.Of("ComponentVersion", app.Label, OrsCheckStatus.Warning, $"{app.Label} has version '{app.Version}', which is not a version number.", "Check the Application's version.");
                    else if (v < min)
                        yield return OrsCheckResult.Of("ComponentVersion", app.Label, req.FailBelow ? OrsCheckStatus.Fail : OrsCheckStatus.Warning,
                            $"{req.Type} {app.Label} is {app.Version}; ORS 8.1.4 is listed as compatible with {req.Minimum} and later{(req.Note != null ? " (" + req.Note + ")" : "")}.",
                            $"Upgrade {app.Name} to {req.Minimum} or later ({CompatibilityMatrix.Source}).");
                    else
                        yield return OrsCheckResult.Of("ComponentVersion", app.Label, OrsCheckStatus.Pass, $"{req.Type} {app.Label} is {app.Version} (needs {req.Minimum}+).");
                }
            }
        }

        /// <summary>All ORS of a cluster must use the same persistent storage (OS 8.1.4 Deployment Guide, Persistence).</summary>
        public static IEnumerable<OrsCheckResult> PersistenceConsistency(Topology topology, List<OrsApplication> ors)
        {
            var groups = topology.Clusters.Where(c => c.Nodes.Count > 0)
                .Select(c => (name: c.Name, apps: c.Nodes.SelectMany(n => n.Applications).ToList())).ToList();
            if (groups.Count == 0) groups.Add(("all ORS Applications", ors));
            foreach (var (name, apps) in groups)
            {
                var differing = PersistenceOptions.Where(o => apps.Select(a => a.Options.Get("persistence", o)).Distinct().Count() > 1).ToList();
                yield return differing.Count == 0
                    ? OrsCheckResult.Of("PersistenceConsistency", name, OrsCheckStatus.Pass, $"The {apps.Count} ORS Applications of {name} share one persistence configuration.")
                    : OrsCheckResult.Of("PersistenceConsistency", name, OrsCheckStatus.Fail,
                        $"Persistence differs across {name}: " + string.Join("; ", differing.Select(o => o + " = " +
                            string.Join(" / ", apps.GroupBy(a => a.Options.Get("persistence", o) ?? "(not set)").Select(g => $"'{g.Key}' on {g.Count()}")))) + ".",
                        "All ORS of a cluster must work with the same persistent storage: Set-OrsPersistence on every node.");
            }
        }

        private static OrsCheckResult Obsolete(List<OrsApplication> ors, OptionCatalog catalog, OrsVersion target)
        {
            var left = ors.SelectMany(a => ConfigChecks.OptionChecks(a, catalog, target).Where(r => r.Check == "ObsoleteOption")).ToList();
            return left.Count == 0
                ? OrsCheckResult.Of("ObsoleteOption", "all ORS Applications", OrsCheckStatus.Pass, $"No option obsolete in {target.ReleaseLine} is left.")
                : OrsCheckResult.Of("ObsoleteOption", "all ORS Applications", OrsCheckStatus.Fail,
                    $"{left.Count} obsolete option(s) left: {string.Join(", ", left.Take(6).Select(r => r.Target))}{(left.Count > 6 ? ", ..." : "")}.",
                    "Get-OrsApplication | Export-OrsConfig -Path <backup> -PassThru | Remove-OrsObsoleteOption -Force");
        }

        /// <summary>From 8.1.2 there is no HA and persisted sessions do not survive: drain first.</summary>
        private static OrsCheckResult SessionDrain(List<OrsApplication> ors, long? persisted)
        {
            var on812 = ors.Where(a => OrsVersion.TryParse(a.Version, out var v) && v.ReleaseLine == "8.1.2").ToList();
            string target = string.Join(", ", on812.Select(a => a.Name));
            if (on812.Count == 0)
                return OrsCheckResult.Of("SessionDrain", "all ORS Applications", OrsCheckStatus.Pass, "No ORS Application is on 8.1.2: the HA rolling path keeps sessions.");
            if (persisted == 0)
                return OrsCheckResult.Of("SessionDrain", target, OrsCheckStatus.Pass, "Migrating from 8.1.2, and the session store holds no persisted session: drained.");
            return OrsCheckResult.Of("SessionDrain", target, OrsCheckStatus.Fail,
                    "Migrating from 8.1.2: persisted sessions do not survive, so all sessions must be drained before ORS is stopped" +
                    (persisted.HasValue ? $"; the session store still holds {persisted} session(s)." : "."),
                    "Voice: stop calls entering ORS route points; eServices: stop interactions entering ORS interaction queues; then wait until the session store shows none (Wait-OrsSessionDrain) and upgrade with Invoke-OrsRollingUpgrade -Strategy Drained.");
        }
    }
}
