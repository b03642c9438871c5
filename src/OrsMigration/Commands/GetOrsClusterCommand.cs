using System.Linq;
using System.Management.Automation;
using OrsMigration.Cluster;

namespace OrsMigration.Commands
{
    /// <summary>Lists ORS clusters from all their forms: Transaction List, cluster section, 8.1.2 cluster/name.</summary>
    [Cmdlet(VerbsCommon.Get, "OrsCluster",
        HelpUri = ProjectInfo.HelpBase + "Get-OrsCluster.md")]
    [OutputType(typeof(OrsCluster))]
    public sealed class GetOrsClusterCommand : OrsConfigCmdletBase
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; } = "*";

        protected override void ProcessRecord()
        {
            var topology = ClusterReader.Read(Repository, WriteOrsError);
            var pattern = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            var found = topology.Clusters.Where(c => pattern.IsMatch(c.Name)).ToList();
            if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(Name))
                WriteOrsError(new OrsException("ClusterNotFound", OrsErrorKind.NotFound,
                    $"No cluster named '{Name}'. Known clusters: {string.Join(", ", topology.Clusters.Select(c => c.Name))}.", Name));
            foreach (var c in found.Where(c => c.UnresolvedMembers.Count > 0))
                WriteWarning($"Cluster {c.Name} names {string.Join(", ", c.UnresolvedMembers)}, which are not ORS primary Applications.");
            WriteObject(found, true);
        }
    }
}
