using System;
using System.Management.Automation;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>Stops Applications and waits until they have stopped. Stopping a primary makes its running backup take over.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "OrsServer", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Stop-OrsServer.md")]
    [OutputType(typeof(OrsServerStatus))]
    public sealed class StopOrsServerCommand : OrsServerCmdletBase
    {
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

        protected override void ProcessRecord()
        {
            foreach (var app in Applications())
                PerItem(() =>
                {
                    if (!ShouldApply(app.Label, "Stop", false)) return;
                    ActiveControl.Stop(app);
                    WriteObject(WaitFor(app, s => s.Status == OrsRunState.Stopped, Timeout, "stop"));
                }, app);
        }
    }
}
