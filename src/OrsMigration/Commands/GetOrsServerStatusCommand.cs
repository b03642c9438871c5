using System.Management.Automation;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>Reports the run state, mode (Primary, Backup) and version of Applications.</summary>
    [Cmdlet(VerbsCommon.Get, "OrsServerStatus",
        HelpUri = ProjectInfo.HelpBase + "Get-OrsServerStatus.md")]
    [OutputType(typeof(OrsServerStatus))]
    public sealed class GetOrsServerStatusCommand : OrsServerCmdletBase
    {
        protected override void ProcessRecord()
        {
            foreach (var app in Applications()) PerItem(() => WriteObject(ActiveControl.Status(app)), app);
        }
    }
}
