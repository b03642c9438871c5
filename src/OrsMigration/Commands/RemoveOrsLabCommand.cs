using System.IO;
using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>Deletes a lab folder (the current lab by default) and forgets its connections.</summary>
    [Cmdlet(VerbsCommon.Remove, "OrsLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        HelpUri = ProjectInfo.HelpBase + "Remove-OrsLab.md")]
    [OutputType(typeof(void))]
    public sealed class RemoveOrsLabCommand : OrsCmdletBase
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        public OrsLab Lab { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var lab = Lab ?? ConnectionRegistry.CurrentSessions as OrsLab;
            if (lab == null) { WriteVerbose("No lab is current."); return; }
            if (!ShouldApply(lab.Path, "Delete the lab folder", Force)) return;
            if (ConnectionRegistry.CurrentSessions is OrsLab current && current.Path == lab.Path)
            {
                ConnectionRegistry.CurrentSessions = null;
                ConnectionRegistry.CurrentControl = null;
                if (ConnectionRegistry.CurrentConfig?.Location == lab.ConfigPath) ConnectionRegistry.CurrentConfig = null;
            }
            lab.Dispose();
            if (Directory.Exists(lab.Path)) Directory.Delete(lab.Path, true);
        }
    }
}
