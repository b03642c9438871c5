using System.Management.Automation;
using OrsMigration.Upgrade;

namespace OrsMigration.Commands
{
    /// <summary>Reads a rolling-upgrade journal, checking that no line was changed, removed or reordered.</summary>
    [Cmdlet(VerbsCommon.Get, "OrsUpgradeJournal")]
    [OutputType(typeof(OrsUpgradeStep))]
    public sealed class GetOrsUpgradeJournalCommand : OrsCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("JournalPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        protected override void ProcessRecord()
        {
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!System.IO.File.Exists(path))
            {
                WriteOrsError(new OrsException("JournalNotFound", OrsErrorKind.NotFound, $"The journal '{path}' does not exist.", path));
                return;
            }
            PerItem(() => WriteObject(UpgradeJournal.Open(path).Entries, true), path);
        }
    }
}
