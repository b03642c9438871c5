using System.Management.Automation;
using OrsMigration.Config;

namespace OrsMigration.Commands
{
    /// <summary>Closes a configuration store connection (the current one by default).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "OrsConfigServer",
        HelpUri = ProjectInfo.HelpBase + "Disconnect-OrsConfigServer.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectOrsConfigServerCommand : OrsCmdletBase
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        public OrsConfigConnection Connection { get; set; }

        protected override void ProcessRecord()
        {
            var current = ConnectionRegistry.CurrentConfig;
            var target = Connection ?? current;
            if (target == null)
            {
                WriteVerbose("No configuration store is connected.");
                return;
            }
            target.Dispose();
            if (current != null && current.Id == target.Id) ConnectionRegistry.CurrentConfig = null;
            WriteVerbose($"Disconnected from {target}.");
        }
    }
}
