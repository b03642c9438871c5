using System.Management.Automation;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>Closes a Cassandra session (the current one by default).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "OrsCassandra",
        HelpUri = ProjectInfo.HelpBase + "Disconnect-OrsCassandra.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectOrsCassandraCommand : OrsCmdletBase
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        public OrsSessionSource CassandraSession { get; set; }

        protected override void ProcessRecord()
        {
            var current = ConnectionRegistry.CurrentSessions;
            var target = CassandraSession ?? current;
            if (target == null) { WriteVerbose("No Cassandra session is open."); return; }
            target.Dispose();
            if (current != null && current.Id == target.Id) ConnectionRegistry.CurrentSessions = null;
            WriteVerbose($"Disconnected from {target}.");
        }
    }
}
