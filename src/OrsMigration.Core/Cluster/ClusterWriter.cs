using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using OrsMigration.Config;

namespace OrsMigration.Cluster
{
    /// <summary>A Transaction List cluster object to create or update.</summary>
    public sealed class TransactionListPlan
    {
        public string Name { get; set; }
        /// <summary>The existing Transaction object, or null when it will be created.</summary>
        public CfgObject Existing { get; set; }
        public JObject Desired { get; set; }
        public List<OrsConfigChange> Changes { get; set; } = new List<OrsConfigChange>();
        public List<string> Warnings { get; set; } = new List<string>();
    }

    /// <summary>Plans Set-OrsCluster: the cluster section on every node's Applications, or a Transaction List.</summary>
    public static class ClusterWriter
    {
        public static readonly OrsVersion TransactionListMinimum = OrsVersion.Parse("8.1.400.64");
        private const string Reason = "Set-OrsCluster: cluster definition (Application name = data center)";

        /// <summary>Resolves node names to the primaries' own spelling; unknown names, backups and empty data centers are errors.</summary>
        public static List<KeyValuePair<string, string>> ResolveMembers(Topology topology, IEnumerable<KeyValuePair<string, string>> nodeMap, string clusterName)
        {
            var members = new List<KeyValuePair<string, string>>();
            foreach (var entry in nodeMap)
            {
                var node = topology.Nodes.FirstOrDefault(n => string.Equals(n.Name, entry.Key, StringComparison.OrdinalIgnoreCase));
                if (node == null)
                {
                    bool isBackup = topology.Nodes.Any(n => n.Backup != null && string.Equals(n.Backup.Name, entry.Key, StringComparison.OrdinalIgnoreCase));
                    throw new OrsException("ClusterNodeInvalid", OrsErrorKind.InvalidArgument, isBackup
                        ? $"Cluster '{clusterName}': '{entry.Key}' is a backup Application; name its primary, which is the node."
                        : $"Cluster '{clusterName}': '{entry.Key}' is not an ORS primary Application in the store. Check the name with Get-OrsNode.", entry.Key);
                }
                if (string.IsNullOrWhiteSpace(entry.Value))
                    throw new OrsException("ClusterNodeInvalid", OrsErrorKind.InvalidArgument,
                        $"Cluster '{clusterName}': node '{node.Name}' has no data center name.", entry.Key);
                if (members.Any(m => m.Key == node.Name))
                    throw new OrsException("ClusterNodeInvalid", OrsErrorKind.InvalidArgument, $"Cluster '{clusterName}': node '{node.Name}' is listed twice.", entry.Key);
                members.Add(new KeyValuePair<string, string>(node.Name, entry.Value.Trim()));
            }
            if (members.Count == 0)
                throw new OrsException("ClusterNodeInvalid", OrsErrorKind.InvalidArgument, $"Cluster '{clusterName}': -NodeMap names no node.", clusterName);
            return members;
        }

        /// <summary>The cluster section, exactly the members, on the primary and backup of every member node.</summary>
        public static List<OptionPlan> PlanLegacy(Topology topology, List<KeyValuePair<string, string>> members)
        {
            var plans = new List<OptionPlan>();
            foreach (var node in members.Select(m => topology.Nodes.First(n => n.Name == m.Key)))
                foreach (var app in node.Applications)
                {
                    var desired = app.Options.Clone();
                    ReplaceSection(desired, members);
                    plans.Add(OptionPlan.Create(app, desired, (s, n) => Reason));
                }
            return plans;
        }

        public static TransactionListPlan PlanTransactionList(ConfigRepository repo, Topology topology, string name, List<KeyValuePair<string, string>> members)
        {
            var existing = repo.Store.List(CfgTypes.Transaction, null)
                .FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
            if (existing != null && !string.Equals(ApplicationMapper.Str(existing.Json, "subtype"), ClusterReader.TransactionListSubtype, StringComparison.OrdinalIgnoreCase))
                throw new OrsException("ClusterObjectConflict", OrsErrorKind.Conflict,
                    $"A Transaction named '{name}' exists but is not of type List ({ApplicationMapper.Str(existing.Json, "subtype")}); choose another cluster name.", name);
            var annex = existing != null ? ClusterReader.AnnexOf(existing) : new OptionSet();
            var before = annex.Clone();
            ReplaceSection(annex, members);
            var json = existing != null ? (JObject)existing.Json.DeepClone() : NewTransaction(name);
            json["userproperties"] = ApplicationMapper.Properties(annex);
            var plan = new TransactionListPlan { Name = name, Existing = existing, Desired = json };
            var pseudo = new OrsApplication { Name = name, Dbid = existing?.Dbid ?? 0, Options = before };
            plan.Changes.AddRange(OptionPlan.Create(pseudo, annex, (s, n) => Reason).Changes);
            foreach (var node in members.Select(m => topology.Nodes.First(n => n.Name == m.Key)))
                foreach (var app in node.Applications.Where(a => OrsVersion.TryParse(a.Version, out var v) && v < TransactionListMinimum))
                    plan.Warnings.Add($"{app.Label} is on {app.Version}: a Transaction List cluster needs ORS 8.1.400.64 or later, so this node ignores it until upgraded.");
            return plan;
        }

        public static CfgObject ApplyTransactionList(ConfigRepository repo, TransactionListPlan plan)
        {
            if (plan.Existing == null) return repo.Store.Create(CfgTypes.Transaction, plan.Desired);
            var obj = new CfgObject(CfgTypes.Transaction, plan.Existing.Dbid, plan.Desired, plan.Existing.Revision);
            repo.Store.Update(obj);
            return obj;
        }

        private static void ReplaceSection(OptionSet options, List<KeyValuePair<string, string>> members)
        {
            var section = options.Section("cluster");
            if (section != null) foreach (var name in section.Select(o => o.Name).ToList()) section.Remove(name);
            section = options.GetOrAddSection("cluster");
            foreach (var m in members) section.Set(m.Key, m.Value);
        }

        // Resources tenant (single-tenant), as the 8.1.400.64 procedure describes; folder placement is left to Configuration Server.
        private static JObject NewTransaction(string name) => new JObject
        {
            ["name"] = name,
            ["type"] = CfgTypes.Transaction,
            ["subtype"] = ClusterReader.TransactionListSubtype,
            ["alias"] = name,
            ["state"] = "CFGEnabled",
            ["tenantdbid"] = "1",
        };
    }
}
