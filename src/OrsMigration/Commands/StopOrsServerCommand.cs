using System;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Cluster;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Stops Applications and waits until they have stopped. Stopping a primary makes its running backup
    /// take over; stopping what would leave a node with nothing running needs -Force.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "OrsServer", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Stop-OrsServer.md")]
    [OutputType(typeof(OrsServerStatus))]
    public sealed class StopOrsServerCommand : OrsServerCmdletBase
    {
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>Stop even the last running Application of a node (its sessions are no longer served).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private Topology _topology;

        protected override void ProcessRecord()
        {
            var apps = Applications().ToList();
            if (!NodeMayGoDown(apps)) return;
            foreach (var app in apps)
                PerItem(() =>
                {
                    if (!ShouldApply(app.Label, "Stop", false)) return;
                    ActiveControl.Stop(app);
                    WriteObject(WaitFor(app, s => s.Status == OrsRunState.Stopped, Timeout, "stop"));
                }, app);
        }

        /// <summary>
        /// False (with an error) when these Applications are all that runs of their node and -Force is
        /// not given: the node would stop serving, which a rolling upgrade never does.
        /// </summary>
        private bool NodeMayGoDown(System.Collections.Generic.List<OrsApplication> apps)
        {
            var node = InputObject.BaseObject as OrsNode ?? NodeFromStore(apps[0]);
            if (node == null) return true;
            var running = node.Applications.Where(a => ActiveControl.Status(a).Status == OrsRunState.Running).ToList();
            bool goesDown = running.Count > 0 && running.All(a => apps.Any(x => x.Dbid == a.Dbid));
            if (!goesDown) return true;
            string what = $"Stopping {string.Join(" and ", running.Select(a => a.Name))} leaves node {node.Name} " +
                          "with no running ORS: its sessions are no longer served";
            if (Force)
            {
                WriteWarning(what + " (-Force).");
                return true;
            }
            const string how = "Stop one Application at a time (its partner takes over), or add -Force.";
            if (IsWhatIf) WriteWarning($"What if: {what}; this would be refused. {how}");
            else WriteOrsError(new OrsException("NodeWouldGoDown", OrsErrorKind.InvalidOperation,
                $"{what}. Nothing was stopped. {how}", node.Name));
            return false;
        }

        private OrsNode NodeFromStore(OrsApplication app)
        {
            var connection = ConnectionRegistry.CurrentConfig;
            if (connection == null) return null;
            if (_topology == null) _topology = ClusterReader.Read(connection.Repository, _ => { });
            return _topology.NodeOf(app);
        }
    }
}
