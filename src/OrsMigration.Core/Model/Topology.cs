using System.Collections.Generic;
using System.Linq;

namespace OrsMigration
{
    /// <summary>
    /// An ORS node: a primary Application and its Warm Standby backup. The node id is the
    /// primary's DBID (there is no node-id option).
    /// </summary>
    public sealed class OrsNode
    {
        public int NodeId => Primary?.Dbid ?? 0;
        public string Name => Primary?.Name;
        public OrsApplication Primary { get; set; }
        public OrsApplication Backup { get; set; }
        public string DataCenter { get; set; }
        public string Cluster { get; set; }

        public IEnumerable<OrsApplication> Applications => new[] { Primary, Backup }.Where(a => a != null);

        /// <summary>The other Application of the pair, or null when the node has no backup.</summary>
        public OrsApplication Partner(OrsApplication app) => Applications.FirstOrDefault(a => a.Dbid != app.Dbid);

        public override string ToString() => $"node {NodeId} ({Name})";
    }

    /// <summary>How a cluster is defined in Configuration Server.</summary>
    public enum OrsClusterForm
    {
        /// <summary>
        /// 8.1.3+: a cluster section on the ORS Applications, option name = Application, value = data center.
        /// </summary>
        Legacy,
        /// <summary>8.1.400.64+: a Transaction object of type List whose Annex holds the cluster section.</summary>
        TransactionList,
        /// <summary>8.1.2: cluster/name and cluster/super_node on each Application (obsolete).</summary>
        Legacy812
    }

    /// <summary>An ORS cluster: its nodes and the data center of each.</summary>
    public sealed class OrsCluster
    {
        public string Name { get; set; }
        public OrsClusterForm Form { get; set; }
        public List<OrsNode> Nodes { get; set; } = new List<OrsNode>();
        /// <summary>Application name = data center, in the order the definition lists them.</summary>
        public List<KeyValuePair<string, string>> Members { get; set; } = new List<KeyValuePair<string, string>>();
        /// <summary>Members the definition names that are not ORS primaries in the store.</summary>
        public List<string> UnresolvedMembers { get; set; } = new List<string>();
        /// <summary>The Transaction object's DBID for the TransactionList form.</summary>
        public int TransactionDbid { get; set; }
        /// <summary>Shared option sections of a Transaction List (all but cluster).</summary>
        public OptionSet SharedOptions { get; set; } = new OptionSet();

        public IEnumerable<string> DataCenters => Members.Select(m => m.Value).Where(v => !string.IsNullOrEmpty(v)).Distinct();
        public override string ToString() => $"{Name} ({Form}, {Nodes.Count} nodes)";
    }

    public enum OrsCheckStatus { Pass, Warning, Fail, Skipped }

    /// <summary>One check's verdict on one target, with what to do about it.</summary>
    public sealed class OrsCheckResult
    {
        public string Check { get; set; }
        public string Target { get; set; }
        public OrsCheckStatus Status { get; set; }
        public string Message { get; set; }
        public string Remedy { get; set; }
        /// <summary>For a check of one option: its Application, section and name, so the result pipes to the
        /// cmdlet that fixes it (Remove-OrsOption, Set-OrsOption); null otherwise.</summary>
        public string ApplicationName { get; set; }
        public string Section { get; set; }
        public string Name { get; set; }

        public static OrsCheckResult Of(string check, string target, OrsCheckStatus status, string message, string remedy = null) =>
            new OrsCheckResult { Check = check, Target = target, Status = status, Message = message, Remedy = remedy };

        public override string ToString() => $"{Status} {Check} {Target}: {Message}";
    }

    /// <summary>What Test-OrsScxmlRecovery found in one SCXML document.</summary>
    public sealed class OrsScxmlRecoveryResult
    {
        public string Path { get; set; }
        /// <summary>
        /// True or false as the document sets it; null when it does not mention _sendSessionRecovered.
        /// </summary>
        public bool? SendSessionRecovered { get; set; }
        public OrsCheckStatus Status { get; set; }
        /// <summary>Line of the _sendSessionRecovered setting (0 when absent).</summary>
        public int Line { get; set; }
        /// <summary>True when _persist="false" on scxml or a state keeps sessions from being persisted.</summary>
        public bool PersistDisabled { get; set; }
        public int PersistLine { get; set; }
        public string Message { get; set; }
        /// <summary>Where the path came from: a file given, or a DN's application option.</summary>
        public string Origin { get; set; }
        public override string ToString() => $"{Status} {Path}";
    }
}
