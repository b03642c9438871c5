using System.IO;
using System.Management.Automation;
using System.Text;
using OrsMigration.Upgrade;
using OrsMigration.Util;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Writes an upgrade report as JSON (.json), a self-contained HTML page with a timeline (.html), or
    /// one CSV row per step with its duration (.csv).
    /// </summary>
    [Cmdlet(VerbsData.Export, "OrsUpgradeReport", SupportsShouldProcess = true,
        HelpUri = ProjectInfo.HelpBase + "Export-OrsUpgradeReport.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportOrsUpgradeReportCommand : OrsCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public OrsUpgradeReport InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        protected override void ProcessRecord()
        {
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            string extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
            System.Func<OrsUpgradeReport, string> write =
                extension == ".json" ? ReportWriter.Json
                : extension == ".csv" ? ReportWriter.Csv
                : extension == ".html" || extension == ".htm" ? (System.Func<OrsUpgradeReport, string>)ReportWriter.Html
                : null;
            if (write == null)
                ThrowOrs("ReportFormat", OrsErrorKind.InvalidArgument, $"'{path}' must end in .html, .json or .csv.",
                    path);
            if (!ShouldApply(path, "Write the upgrade report", false)) return;
            PerItem(() =>
            {
                string text = write(InputObject);
                AtomicFile.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
                // Through the provider, so the file carries PSPath and pipes to Get-Content or Invoke-Item.
                WriteObject(InvokeProvider.Item.Get(new[] { path }, false, true), true);
            }, path);
        }
    }
}
