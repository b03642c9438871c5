using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Records that a version of ORS was installed for a lab Application, as a real silent setup
    /// changes its host, so a rehearsal can use any installer (a site's own script, a remote one).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OrsLabVersion", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Set-OrsLabVersion.md")]
    [OutputType(typeof(void))]
    public sealed class SetOrsLabVersionCommand : LabCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabApplicationCompleter))]
        public string Application { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Version { get; set; }

        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            if (!ShouldApply(Application, $"Record version {Version} as installed", false)) return;
            PerItem(() => lab.Control.SetVersion(Application, Version), Application);
        }
    }
}
