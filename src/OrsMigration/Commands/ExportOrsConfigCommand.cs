using System;
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
    /// and a manifest entry holding their SHA-256: the rollback point of the migration guide.
    /// A rollback point, once written, is never replaced with different content: identical content
    /// succeeds without rewriting, -SkipExisting keeps the existing one quietly, -Force keeps it
    /// under a time-stamped name and writes the new one.
    /// </summary>
    [Cmdlet(VerbsData.Export, "OrsConfig", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Export-OrsConfig.md")]
    [OutputType(typeof(OrsConfigExport))]
    [OutputType(typeof(OrsApplication))]
    public sealed class ExportOrsConfigCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApplicationName")]
        public OrsApplication InputObject { get; set; }

        /// <summary>The export folder; created when missing.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter]
        public CfgFlavor Format { get; set; } = CfgFlavor.Cfg;

        /// <summary>
        /// Replace a rollback point whose content differs, keeping the previous one under a time-stamped name.
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// Keep a rollback point whose content differs, without an error (continue an interrupted export).
        /// </summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        /// <summary>
        /// Seal the manifest entries with this key (HMAC-SHA256), so a change by anyone without it is detected.
        /// </summary>
        [Parameter]
        [IntegrityKeyTransform]
        public PSCredential IntegrityKey { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Reads in flight at once; by default what the store serves well (1 for files, 4 for GAX).</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; }

        private readonly Stopwatch _sinceSave = Stopwatch.StartNew();
        private long _lastSaveMilliseconds;
        private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
        private ExportFolder _exports;
        private string _folder;
        private OrderedReadAhead<OrsApplication, OrsApplication> _reads;
        private int _count;

        protected override void BeginProcessing()
        {
            if (Force && SkipExisting)
                ThrowOrs("ParameterConflict", OrsErrorKind.InvalidArgument, "-Force and -SkipExisting contradict " +
                    "each other; use one.", null);
            _folder = GetUnresolvedProviderPathFromPSPath(Path);
            var repository = Repository;
            int limit = ThrottleLimit > 0 ? ThrottleLimit : repository.Store.ReadParallelism;
            _reads = new OrderedReadAhead<OrsApplication, OrsApplication>(repository.Refresh, limit, CancelToken);
            try { _exports = new ExportFolder(_folder, IntegrityKeyArgument.ToKey(IntegrityKey)); }
            catch (OrsException e) { ThrowOrs(e); }
        }

        protected override void ProcessRecord()
        {
            if ((InputObject = ResolveOrReport(InputObject)) == null) return;
            foreach (var read in _reads.Add(InputObject)) ExportOne(read);
        }

        private ExistingExport Existing => Force ? ExistingExport.Replace : SkipExisting ? ExistingExport.Keep
            : ExistingExport.Refuse;

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
                var export = _exports.Export(app, Format, Existing);
                Describe(export, app);
                SaveManifestEvery(2000);
                Progress(app);
                WriteObject(PassThru ? (object)app : export);
            }, input);
        }

        private void Describe(OrsConfigExport export, OrsApplication app)
        {
            switch (export.Outcome)
            {
                case ExportOutcome.Unchanged:
                    WriteVerbose($"{app.Label}: '{export.Path}' already holds exactly this export; nothing was " +
                        "rewritten.");
                    break;
                case ExportOutcome.Kept:
                    WriteVerbose($"{app.Label}: kept the existing rollback point '{export.Path}' (exported " +
                        $"{export.ExportedAt:u}); " +
                                 "the Application has changed since (-SkipExisting).");
                    break;
                case ExportOutcome.Replaced:
                    WriteWarning($"{app.Label}: the previous rollback point is kept as '{export.PreviousPath}'; " +
                        $"'{export.Path}' now holds the current state (-Force).");
                    break;
            }
        }

        private void Progress(OrsApplication app)
        {
            _count++;
            if (_sinceProgress.ElapsedMilliseconds < 250) return;
            WriteProgress(new ProgressRecord(1, "Export-OrsConfig",
                $"Exported {_count} Applications to {_folder}") { CurrentOperation = app.Label });
            _sinceProgress.Restart();
        }

        protected override void EndProcessing()
        {
            foreach (var read in _reads.Finish()) ExportOne(read);
            SaveManifestEvery(0);
            WriteProgress(new ProgressRecord(1, "Export-OrsConfig", "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>
        /// The manifest is rewritten at most every few seconds, and never more often than ten times its own
        /// writing time (it grows with the folder), so exporting thousands stays linear; and at the end.
        /// </summary>
        private void SaveManifestEvery(int milliseconds)
        {
            if (_sinceSave.ElapsedMilliseconds < Math.Max(milliseconds, 10 * _lastSaveMilliseconds)) return;
            try
            {
                var watch = Stopwatch.StartNew();
                _exports.Flush();
                _lastSaveMilliseconds = watch.ElapsedMilliseconds;
                _sinceSave.Restart();
            }
            catch (OrsException e) { WriteOrsError(e); }
            catch (System.IO.IOException e)
            {
                WriteOrsError(new OrsException("ManifestWriteFailed", OrsErrorKind.WriteError,
                    $"The export manifest in '{_folder}' could not be written: {e.Message}", _folder, e));
            }
        }

        public override void Dispose()
        {
            // Ctrl+C skips EndProcessing; the manifest must still name what was exported,
            // and the folder's lock must go.
            try { _exports?.Dispose(); }
            catch (OrsException) { }
            catch (System.IO.IOException) { }
            _reads?.Dispose();
            base.Dispose();
        }
    }
}
