using System.Linq;
using System.Management.Automation;
using OrsMigration.Cluster;

namespace OrsMigration.Commands
{
    /// <summary>Lists ORS nodes: each primary with its backup, data center and cluster.</summary>
    [Cmdlet(VerbsCommon.Get, "OrsNode",
        HelpUri = ProjectInfo.HelpBase + "Get-OrsNode.md")]
    [OutputType(typeof(OrsNode))]
    public sealed class GetOrsNodeCommand : OrsConfigCmdletBase
    {
        /// <summary>Only nodes of this cluster (wildcards allowed).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Cluster { get; set; }

        protected override void ProcessRecord()
        {
            var topology = ClusterReader.Read(Repository, WriteOrsError);
            var nodes = topology.Nodes.AsEnumerable();
            if (Cluster != null)
            {
                var pattern = new WildcardPattern(Cluster, WildcardOptions.IgnoreCase);
                var clusters = topology.Clusters.Where(c => pattern.IsMatch(c.Name)).ToList();
                if (clusters.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(Cluster))
                {
                    WriteOrsError(new OrsException("ClusterNotFound", OrsErrorKind.NotFound,
                        $"No cluster named '{Cluster}'. Known clusters: {string.Join(", ", topology.Clusters.Select(c => c.Name))}.", Cluster));
                    return;
                }
                nodes = nodes.Where(n => clusters.Any(c => c.Nodes.Contains(n)));
            }
            WriteObject(nodes, true);
        }
    }
}
