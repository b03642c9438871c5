using System.IO;
using System.Management.Automation;
using OrsMigration.Lab;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Builds a simulated ORS deployment in a folder (a configuration store, one simulated process
    /// per ORS Application, session traffic) and makes its store, control and session store current.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "OrsLab", SupportsShouldProcess = true, DefaultParameterSetName = SampleSet,
        HelpUri = ProjectInfo.HelpBase + "New-OrsLab.md")]
    [OutputType(typeof(OrsLab))]
    public sealed class NewOrsLabCommand : OrsCmdletBase
    {
        private const string SampleSet = "Sample";
        private const string ExportSet = "Export";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>A sample shipped with the module: ors-813 (default) or ors-812.</summary>
        [Parameter(ParameterSetName = SampleSet)]
        [ValidateSet("ors-813", "ors-812")]
        public string Sample { get; set; } = "ors-813";

        /// <summary>An export folder (Export-OrsConfig) whose snapshots become the lab's store.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ExportSet)]
        [ValidateNotNullOrEmpty]
        public string FromExport { get; set; }

        /// <summary>Replace the sample's ORS Applications with this many Warm Standby pairs.</summary>
        [Parameter(ParameterSetName = SampleSet)]
        [ValidateRange(1, 500)]
        public int NodeCount { get; set; }

        /// <summary>New sessions per lab second on each node's primary.</summary>
        [Parameter]
        [ValidateRange(0.0, 100000.0)]
        public double SessionRate { get; set; } = 2;

        /// <summary>Lab seconds per wall-clock second.</summary>
        [Parameter]
        [ValidateRange(0.001, 1000000.0)]
        public double TimeScale { get; set; } = 60;

        /// <summary>Mean session duration in lab seconds.</summary>
        [Parameter]
        [ValidateRange(0.001, 10000000.0)]
        public double MeanSessionSeconds { get; set; } = 180;

        /// <summary>How long start, stop, switchover and installation take, in lab seconds (0: at once).</summary>
        [Parameter]
        [ValidateRange(0.0, 100000.0)]
        public double OperationSeconds { get; set; }

        /// <summary>Simulate strategies without _sendSessionRecovered: a switchover then loses the node's sessions.</summary>
        [Parameter]
        public SwitchParameter NonRecoverableStrategies { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            string target = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldApply(target, "Create an ORS lab", false)) return;
            PerItem(() =>
            {
                string source = Source(target, out bool temporary);
                var settings = new LabState { SessionRate = SessionRate, TimeScale = TimeScale, MeanDuration = MeanSessionSeconds, RecoverableStrategies = !NonRecoverableStrategies, OperationSeconds = OperationSeconds };
                OrsLab lab;
                try { lab = OrsLab.Create(target, source, settings, Force); }
                finally { if (temporary && Directory.Exists(source)) Directory.Delete(source, true); }
                ConnectionRegistry.CurrentConfig = lab.Connection;
                ConnectionRegistry.CurrentSessions = lab;
                ConnectionRegistry.CurrentControl = lab.Control;
                WriteObject(lab);
            }, target);
        }

        /// <summary>The store to copy into the lab; temporary when it had to be built first (and then deleted after).</summary>
        private string Source(string target, out bool temporary)
        {
            string temp = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ors-lab-src-" + System.Guid.NewGuid().ToString("N"));
            string sample = System.IO.Path.Combine(MyInvocation.MyCommand.Module.ModuleBase, "samples", Sample);
            temporary = ParameterSetName == ExportSet || NodeCount > 0;
            if (ParameterSetName == ExportSet) return LabStoreBuilder.FromExport(GetUnresolvedProviderPathFromPSPath(FromExport), temp);
            return NodeCount > 0 ? LabStoreBuilder.Generate(sample, NodeCount, temp) : sample;
        }
    }
}
