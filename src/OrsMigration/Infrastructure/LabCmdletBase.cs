using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>
    /// A cmdlet that changes a lab: the current lab, or one named by -Lab or by -Path (the remote side
    /// of a PSSession, or a script block another runspace runs, where the lab is not current).
    /// </summary>
    public abstract class LabCmdletBase : OrsCmdletBase
    {
        /// <summary>The lab folder, for a session where the lab is not current.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter]
        public OrsLab Lab { get; set; }

        /// <summary>The lab to change; a terminating NoLab error when there is none.</summary>
        protected OrsLab ResolveLab()
        {
            OrsLab lab = null;
            try
            {
                lab = Lab ?? (Path != null ? OrsLab.Open(GetUnresolvedProviderPathFromPSPath(Path))
                                           : ConnectionRegistry.CurrentSessions as OrsLab);
            }
            catch (OrsException e) { ThrowOrs(e); }
            if (lab == null)
                ThrowOrs("NoLab", OrsErrorKind.InvalidOperation,
                    "No lab is current: create one with New-OrsLab, or pass -Path or -Lab.", null);
            return lab;
        }
    }
}
