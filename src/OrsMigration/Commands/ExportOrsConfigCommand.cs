using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using OrsMigration.Config;
using OrsMigration.Cfg;
using OrsMigration.Export;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Exports each Application's options to &lt;name&gt;.cfg with a snapshot of the whole object
    /// and a manifest entry holding their SHA-256, the rollback point of the migration guide.
    /// </summary>
    [Cmdlet(VerbsData.Export, "OrsConfig", SupportsShouldProcess = true)]
    [OutputType(typeof(OrsConfigExport))]
    [OutputType(typeof(OrsApplication))]
    public sealed class ExportOrsConfigCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public OrsApplication InputObject { get; set; }

        /// <summary>The export folder; created when missing.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter]
        public CfgFlavor Format { get; set; } = CfgFlavor.Cfg;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Reads in flight at once; by default what the store serves well (1 for files, 4 for GAX).</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; }

        private readonly List<OrsConfigExport> _pending = new List<OrsConfigExport>();
        private readonly Stopwatch _sinceSave = Stopwatch.StartNew();
        private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
        private ExportManifest _manifest;
        private string _folder;
        private OrderedReadAhead<OrsApplication, OrsApplication> _reads;
        private int _count;

        protected override void BeginProcessing()
        {
            _folder = GetUnresolvedProviderPathFromPSPath(Path);
            var repository = Repository;
            int limit = ThrottleLimit > 0 ? ThrottleLimit : repository.Store.ReadParallelism;
            _reads = new OrderedReadAhead<OrsApplication, OrsApplication>(repository.Refresh, limit, CancelToken);
        }

        protected override void ProcessRecord()
        {
            foreach (var read in _reads.Add(InputObject)) ExportOne(read);
        }

        private void ExportOne(ReadResult<OrsApplication, OrsApplication> read)
        {
            var input = read.Item;
            PerItem(() =>
            {
                if (read.Error != null) ExceptionDispatchInfo.Capture(read.Error).Throw();
                // Export what is stored now, not what the pipeline object remembers.
                var app = read.Value
                    ?? throw new OrsException("ApplicationNotFound", OrsErrorKind.NotFound,
                        $"{input.Label} is no longer in {ActiveConnection.Location}; nothing was exported.", input);
                if (!ReferenceEquals(app, input))
                    WriteVerbose($"{app.Label} changed in the store since it was read; exporting the stored state.");
                if (!ShouldApply(app.Label, $"Export options to '{_folder}'", false)) return;
                var export = ConfigExporter.Export(app, _folder, Format, Force);
                _pending.Add(export);
                SaveManifestEvery(2000);
                _count++;
                if (_sinceProgress.ElapsedMilliseconds >= 250)
                {
                    WriteProgress(new ProgressRecord(1, "Export-OrsConfig", $"Exported {_count} Applications to {_folder}") { CurrentOperation = app.Label });
                    _sinceProgress.Restart();
                }
                WriteObject(PassThru ? (object)app : export);
            }, input);
        }

        protected override void EndProcessing()
        {
            foreach (var read in _reads.Finish()) ExportOne(read);
            SaveManifestEvery(0);
            WriteProgress(new ProgressRecord(1, "Export-OrsConfig", "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>The manifest is rewritten at most every few seconds (and at the end), so exporting thousands stays linear.</summary>
        private void SaveManifestEvery(int milliseconds)
        {
            if (_pending.Count == 0 || _sinceSave.ElapsedMilliseconds < milliseconds) return;
            try
            {
                (_manifest ?? (_manifest = ExportManifest.Load(_folder))).Save(_pending);
                _pending.Clear();
                _sinceSave.Restart();
            }
            catch (OrsException e) { WriteOrsError(e); }
        }

        public override void Dispose()
        {
            // Ctrl+C skips EndProcessing; the manifest must still name what was exported.
            if (_pending.Count > 0)
            {
                try { (_manifest ?? ExportManifest.Load(_folder)).Save(_pending); }
                catch (OrsException) { }
                _pending.Clear();
            }
            _reads?.Dispose();
            base.Dispose();
        }
    }
}
