using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Records that a version of ORS was installed for a lab Application, as a real silent setup
    /// changes its host, so a rehearsal can use any installer (a site's own script, a remote one).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OrsLabVersion", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class SetOrsLabVersionCommand : OrsCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        public string Application { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Version { get; set; }

        /// <summary>
        /// The lab folder, for a session where the lab is not current (the remote side of a PSSession).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter]
        public OrsLab Lab { get; set; }

        protected override void ProcessRecord()
        {
            OrsLab lab;
            try
            {
                lab = Lab ?? (Path != null ? OrsLab.Open(GetUnresolvedProviderPathFromPSPath(Path))
                                           : ConnectionRegistry.CurrentSessions as OrsLab);
            }
            catch (OrsException e) { ThrowOrs(e); return; }
            if (lab == null)
                ThrowOrs("NoLab", OrsErrorKind.InvalidOperation,
                    "No lab is current: create one with New-OrsLab, or pass -Path or -Lab.", null);
            if (!ShouldApply(Application, $"Record version {Version} as installed", false)) return;
            PerItem(() => lab.Control.SetVersion(Application, Version), Application);
        }
    }
}
