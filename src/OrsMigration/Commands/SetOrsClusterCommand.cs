using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Cluster;

namespace OrsMigration.Commands
{
    /// <summary>Defines an ORS cluster: a cluster section on every node's Applications (Legacy) or a Transaction List object.</summary>
    [Cmdlet(VerbsCommon.Set, "OrsCluster", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Set-OrsCluster.md")]
    [OutputType(typeof(OrsConfigChange))]
    public sealed class SetOrsClusterCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; }

        /// <summary>ORS primary Application name = data center. Use [ordered]@{} to keep the order.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public IDictionary NodeMap { get; set; }

        [Parameter]
        public OrsClusterForm Form { get; set; } = OrsClusterForm.Legacy;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (Form == OrsClusterForm.Legacy812)
                ThrowOrs("ClusterFormInvalid", OrsErrorKind.InvalidArgument, "-Form Legacy812 is the obsolete 8.1.2 form and cannot be written; use Legacy or TransactionList.", Form);
            PerItem(() =>
            {
                var topology = ClusterReader.Read(Repository, WriteOrsError);
                var members = ClusterWriter.ResolveMembers(topology, Entries(), Name);
                if (Form == OrsClusterForm.TransactionList) WriteTransactionList(topology, members);
                else WriteLegacy(topology, members);
            }, Name);
        }

        private void WriteLegacy(Topology topology, List<KeyValuePair<string, string>> members)
        {
            foreach (var plan in ClusterWriter.PlanLegacy(topology, members))
            {
                // The cluster section has no place for a name: it goes to the Annex, which ORS does not read.
                bool named = plan.Application.Annex.Get(ClusterReader.AnnexSection, ClusterReader.AnnexClusterName) == Name;
                PerItem(() => ApplyOptionPlan(plan, $"Define cluster {Name} (cluster section)", Force, false,
                    named ? null : (System.Action<OrsApplication>)(a => a.Annex.Set(ClusterReader.AnnexSection, ClusterReader.AnnexClusterName, Name))), plan.Application);
            }
        }

        private void WriteTransactionList(Topology topology, List<KeyValuePair<string, string>> members)
        {
            var plan = ClusterWriter.PlanTransactionList(Repository, topology, Name, members);
            foreach (var w in plan.Warnings) WriteWarning(w);
            if (plan.Existing != null && plan.Changes.Count == 0)
            {
                WriteVerbose($"Transaction List {Name} already defines this cluster.");
                return;
            }
            string action = plan.Existing == null ? "Create the Transaction List cluster object" : "Update the Transaction List cluster object";
            if (!ShouldApply($"CfgTransaction '{Name}'", action, Force)) return;
            var obj = ClusterWriter.ApplyTransactionList(Repository, plan);
            foreach (var c in plan.Changes) { c.ApplicationDbid = obj.Dbid; c.Applied = true; WriteObject(c); }
        }

        /// <summary>Hashtable keys come in no fixed order; sort them so the section is written the same way every time.</summary>
        private IEnumerable<KeyValuePair<string, string>> Entries()
        {
            var entries = NodeMap.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, string>(
                e.Key?.ToString(), (e.Value is PSObject p ? p.BaseObject : e.Value)?.ToString()));
            return NodeMap is IOrderedDictionary ? entries : entries.OrderBy(e => e.Key, System.StringComparer.OrdinalIgnoreCase);
        }
    }
}
