using System.Linq;
using System.Management.Automation;
using OrsMigration.Upgrade;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Reads a rolling-upgrade journal, checking each line's seal and that none was removed or reordered.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OrsUpgradeJournal",
        HelpUri = ProjectInfo.HelpBase + "Get-OrsUpgradeJournal.md")]
    [OutputType(typeof(OrsUpgradeStep))]
    public sealed class GetOrsUpgradeJournalCommand : OrsCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("JournalPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>The key the run sealed its journal with (Invoke-OrsRollingUpgrade -IntegrityKey).</summary>
        [Parameter]
        [IntegrityKeyTransform]
        public PSCredential IntegrityKey { get; set; }

        /// <summary>Only the lines of the runs whose id matches (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(JournalRunIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string RunId { get; set; }

        protected override void ProcessRecord()
        {
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!System.IO.File.Exists(path))
            {
                WriteOrsError(new OrsException("JournalNotFound", OrsErrorKind.NotFound, $"The journal '{path}' " +
                    "does not exist.", path));
                return;
            }
            PerItem(() =>
            {
                var journal = UpgradeJournal.Open(path, IntegrityKeyArgument.ToKey(IntegrityKey));
                var run = new WildcardPattern(RunId ?? "*", WildcardOptions.IgnoreCase);
                WriteObject(journal.Entries.Where(e => run.IsMatch(e.RunId ?? string.Empty)), true);
                if (journal.TornTail != null)
                    WriteWarning($"The journal '{path}' ends with a line a crash cut short (not shown); " +
                                 "Invoke-OrsRollingUpgrade -Resume sets it aside and does its step again.");
            }, path);
        }
    }
}
