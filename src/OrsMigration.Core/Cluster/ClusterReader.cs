using System;
using System.Collections.Generic;
using System.Linq;
using OrsMigration.Config;

namespace OrsMigration.Cluster
{
    /// <summary>
    /// Reads ORS nodes and clusters from the configuration: HA pairs from backup links, and
    /// clusters from all three forms (8.1.2 cluster/name, the 8.1.3 cluster section, and the
    /// 8.1.400.64 Transaction List).
    /// </summary>
    public static class ClusterReader
    {
        public const string TransactionListSubtype = "CFGTRTList";

        public static Topology Read(ConfigRepository repo, Action<OrsException> onError = null)
        {
            var all = repo.GetApplications(onError).ToList();
            var ors = all.Where(a => a.Type == OrsAppType.OrchestrationServer).ToList();
            var nodes = BuildNodes(ors);
            var clusters = new List<OrsCluster>();
            clusters.AddRange(TransactionLists(repo, nodes, onError));
            clusters.AddRange(Legacy(nodes));
            clusters.AddRange(Legacy812(nodes));
            AssignClusters(nodes, clusters);
            return new Topology(all, nodes, clusters);
        }

        /// <summary>Primaries are ORS Applications no other ORS Application names as its backup.</summary>
        private static List<OrsNode> BuildNodes(List<OrsApplication> ors)
        {
            var backupIds = new HashSet<int>(ors.Where(a => a.BackupDbid > 0).Select(a => a.BackupDbid));
            return ors.Where(a => !backupIds.Contains(a.Dbid))
                .Select(p => new OrsNode { Primary = p, Backup = p.BackupDbid > 0 ? ors.FirstOrDefault(b => b.Dbid == p.BackupDbid) : null })
                .ToList();
        }

        private static IEnumerable<OrsCluster> TransactionLists(ConfigRepository repo, List<OrsNode> nodes, Action<OrsException> onError)
        {
            foreach (var t in repo.Store.List(CfgTypes.Transaction, onError))
            {
                if (!string.Equals(ApplicationMapper.Str(t.Json, "subtype"), TransactionListSubtype, StringComparison.OrdinalIgnoreCase)) continue;
                var annex = AnnexOf(t);
                var section = annex.Section("cluster");
                if (section == null) continue;
                var cluster = FromMembers(t.Name, OrsClusterForm.TransactionList, section.Select(o => new KeyValuePair<string, string>(o.Name, o.Value)), nodes);
                cluster.TransactionDbid = t.Dbid;
                annex.RemoveSection("cluster");
                cluster.SharedOptions = annex;
                yield return cluster;
            }
        }

        /// <summary>The Annex (userproperties) of a configuration object as option sections.</summary>
        internal static OptionSet AnnexOf(CfgObject obj) => ApplicationMapper.ReadOptions(obj.Json, obj, "userproperties");

        /// <summary>Where Set-OrsCluster keeps a legacy cluster's name: the Annex, which ORS does not read.</summary>
        public const string AnnexSection = "OrsMigration";
        public const string AnnexClusterName = "cluster-name";

        /// <summary>
        /// 8.1.3 clusters: the cluster sections of the primaries, grouped by the members they list.
        /// Configuration Server keeps no name for such a cluster: it is the name Set-OrsCluster
        /// left in the members' Annex, else the first node the section lists.
        /// </summary>
        private static IEnumerable<OrsCluster> Legacy(List<OrsNode> nodes)
        {
            var names = new HashSet<string>(nodes.Select(n => n.Name), StringComparer.OrdinalIgnoreCase);
            var groups = nodes
                .Select(n => (node: n, members: LegacyMembers(n.Primary, names)))
                .Where(x => x.members.Count > 0)
                .GroupBy(x => string.Join("\n", x.members.Select(m => m.Key + "=" + m.Value).OrderBy(s => s, StringComparer.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
            foreach (var g in groups)
            {
                var members = g.First().members;
                string name = g.Select(x => x.node.Primary.Annex.Get(AnnexSection, AnnexClusterName)).FirstOrDefault(n => !string.IsNullOrEmpty(n));
                yield return FromMembers(name ?? members[0].Key, OrsClusterForm.Legacy, members, nodes);
            }
        }

        private static List<KeyValuePair<string, string>> LegacyMembers(OrsApplication app, HashSet<string> nodeNames) =>
            app.Options.Section("cluster")?
                .Where(o => o.Name != "name" && o.Name != "super_node" && nodeNames.Contains(o.Name))
                .Select(o => new KeyValuePair<string, string>(o.Name, o.Value)).ToList()
            ?? new List<KeyValuePair<string, string>>();

        private static IEnumerable<OrsCluster> Legacy812(List<OrsNode> nodes) =>
            nodes.Where(n => !string.IsNullOrEmpty(n.Primary.Options.Get("cluster", "name")))
                .GroupBy(n => n.Primary.Options.Get("cluster", "name"), StringComparer.OrdinalIgnoreCase)
                .Select(g => new OrsCluster
                {
                    Name = g.Key,
                    Form = OrsClusterForm.Legacy812,
                    Nodes = g.ToList(),
                    Members = g.Select(n => new KeyValuePair<string, string>(n.Name, null)).ToList(),
                });

        private static OrsCluster FromMembers(string name, OrsClusterForm form, IEnumerable<KeyValuePair<string, string>> members, List<OrsNode> nodes)
        {
            var cluster = new OrsCluster { Name = name, Form = form, Members = members.ToList() };
            foreach (var m in cluster.Members)
            {
                var node = nodes.FirstOrDefault(n => string.Equals(n.Name, m.Key, StringComparison.OrdinalIgnoreCase));
                if (node == null) cluster.UnresolvedMembers.Add(m.Key);
                else cluster.Nodes.Add(node);
            }
            return cluster;
        }

        /// <summary>A node takes the first cluster naming it: a Transaction List before a cluster section.</summary>
        private static void AssignClusters(List<OrsNode> nodes, List<OrsCluster> clusters)
        {
            foreach (var node in nodes)
            {
                var cluster = clusters.FirstOrDefault(c => c.Nodes.Contains(node));
                if (cluster == null) continue;
                node.Cluster = cluster.Name;
                node.DataCenter = cluster.Members.FirstOrDefault(m => string.Equals(m.Key, node.Name, StringComparison.OrdinalIgnoreCase)).Value;
            }
        }
    }

    /// <summary>Everything ClusterReader found: all Applications, the ORS nodes and the clusters.</summary>
    public sealed class Topology
    {
        public Topology(List<OrsApplication> applications, List<OrsNode> nodes, List<OrsCluster> clusters)
        {
            Applications = applications;
            Nodes = nodes;
            Clusters = clusters;
        }

        public IReadOnlyList<OrsApplication> Applications { get; }
        public IReadOnlyList<OrsNode> Nodes { get; }
        public IReadOnlyList<OrsCluster> Clusters { get; }

        /// <summary>The node an Application belongs to, as primary or backup.</summary>
        public OrsNode NodeOf(OrsApplication app) =>
            Nodes.FirstOrDefault(n => n.Primary.Dbid == app.Dbid || (n.Backup != null && n.Backup.Dbid == app.Dbid));

        public OrsCluster ClusterOf(OrsNode node) => node == null ? null : Clusters.FirstOrDefault(c => c.Nodes.Contains(node));
    }
}
