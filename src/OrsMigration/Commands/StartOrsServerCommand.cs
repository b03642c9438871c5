using System;
using System.Management.Automation;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>Starts Applications and waits until they run.</summary>
    [Cmdlet(VerbsLifecycle.Start, "OrsServer", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Start-OrsServer.md")]
    [OutputType(typeof(OrsServerStatus))]
    public sealed class StartOrsServerCommand : OrsServerCmdletBase
    {
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

        protected override void ProcessRecord()
        {
            foreach (var app in Applications())
                PerItem(() =>
                {
                    if (!ShouldApply(app.Label, "Start", false)) return;
                    ActiveControl.Start(app);
                    WriteObject(WaitFor(app, s => s.Status == OrsRunState.Running, Timeout, "start"));
                }, app);
        }
    }
}
