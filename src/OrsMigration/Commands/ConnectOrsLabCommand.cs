using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>Opens an existing lab (made by New-OrsLab, perhaps in another PowerShell) and makes it current.</summary>
    [Cmdlet(VerbsCommunications.Connect, "OrsLab",
        HelpUri = ProjectInfo.HelpBase + "Connect-OrsLab.md")]
    [OutputType(typeof(OrsLab))]
    public sealed class ConnectOrsLabCommand : OrsCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        protected override void ProcessRecord()
        {
            OrsLab lab = null;
            try { lab = OrsLab.Open(GetUnresolvedProviderPathFromPSPath(Path)); }
            catch (OrsException e) { ThrowOrs(e); }
            ConnectionRegistry.CurrentConfig = lab.Connection;
            ConnectionRegistry.CurrentSessions = lab;
            ConnectionRegistry.CurrentControl = lab.Control;
            WriteObject(lab);
        }
    }
}
