using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Changes a lab's session traffic: 0 stops new sessions, as stopping calls to ORS route points does.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OrsLabTraffic", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Set-OrsLabTraffic.md")]
    [OutputType(typeof(void))]
    public sealed class SetOrsLabTrafficCommand : LabCmdletBase
    {
        /// <summary>New sessions per lab second on each node's primary.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateRange(0.0, 100000.0)]
        public double SessionRate { get; set; }

        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            if (!ShouldApply(lab.Path, $"Set the session rate to {SessionRate}/s", false)) return;
            lab.Transaction(s => { s.SessionRate = SessionRate; });
        }
    }
}
