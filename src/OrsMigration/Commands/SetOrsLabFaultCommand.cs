using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>Injects a fault into a lab Application: its next start fails, hangs or crashes, its next switchover is refused, or it crashes now.</summary>
    [Cmdlet(VerbsCommon.Set, "OrsLabFault", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class SetOrsLabFaultCommand : OrsCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Application { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateSet("StartFails", "StartTimeout", "SwitchoverRefused", "Crash", "CrashNow")]
        public string Fault { get; set; }

        /// <summary>How many times the fault strikes.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int Count { get; set; } = 1;

        [Parameter]
        public OrsLab Lab { get; set; }

        protected override void ProcessRecord()
        {
            var lab = Lab ?? ConnectionRegistry.CurrentSessions as OrsLab;
            if (lab == null) ThrowOrs("NoLab", OrsErrorKind.InvalidOperation, "No lab is current: create one with New-OrsLab or pass -Lab.", null);
            if (!ShouldApply(Application, $"Inject {Fault} ({Count}x)", false)) return;
            PerItem(() => lab.Control.SetFault(Application, Fault, Count), Application);
        }
    }
}
