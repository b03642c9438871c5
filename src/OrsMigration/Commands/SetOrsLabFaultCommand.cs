using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Injects a fault into a lab Application: its next start fails, hangs or crashes, its next
    /// switchover is refused, or it crashes now.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OrsLabFault", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Set-OrsLabFault.md")]
    [OutputType(typeof(void))]
    public sealed class SetOrsLabFaultCommand : LabCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabApplicationCompleter))]
        public string Application { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateSet("StartFails", "StartTimeout", "SwitchoverRefused", "Crash", "CrashNow")]
        public string Fault { get; set; }

        /// <summary>How many times the fault strikes.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int Count { get; set; } = 1;

        protected override void ProcessRecord()
        {
            var lab = ResolveLab();
            if (!ShouldApply(Application, $"Inject {Fault} ({Count}x)", false)) return;
            PerItem(() => lab.Control.SetFault(Application, Fault, Count), Application);
        }
    }
}
