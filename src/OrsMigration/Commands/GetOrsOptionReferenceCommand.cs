using System.Linq;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    /// <summary>Shows what the module knows about ORS options: defaults, valid values, releases, sources, confidence.</summary>
    [Cmdlet(VerbsCommon.Get, "OrsOptionReference",
        HelpUri = ProjectInfo.HelpBase + "Get-OrsOptionReference.md")]
    [OutputType(typeof(OrsOptionInfo))]
    public sealed class GetOrsOptionReferenceCommand : OrsCmdletBase
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OptionNameCompleter))]
        public string Name { get; set; } = "*";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OptionSectionCompleter))]
        public string Section { get; set; } = "*";

        /// <summary>Only options that exist in this release or version (e.g. 8.1.4 or 8.1.300.36).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Version { get; set; }

        protected override void ProcessRecord()
        {
            OrsVersion version = null;
            if (Version != null && !OrsVersion.TryParse(Version, out _, out var error))
                ThrowOrs("InvalidVersion", OrsErrorKind.InvalidArgument, "-Version: " + error, Version);
            if (Version != null) version = OrsVersion.ReleaseLineStart(Version);
            var name = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            var section = new WildcardPattern(Section, WildcardOptions.IgnoreCase);
            var catalog = OptionCatalog;
            {
                var found = catalog.Options.Where(o => name.IsMatch(o.Name) && section.IsMatch(o.Section) && (version == null || o.ExistsIn(version))).ToList();
                if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(Name))
                {
                    var hint = catalog.Suggest(Section == "*" ? string.Empty : Section, Name);
                    WriteOrsError(new OrsException("OptionNotInCatalog", OrsErrorKind.NotFound,
                        $"The catalogue has no option '{Name}'{(version != null ? " in " + Version : "")}." + (hint.Count > 0 ? " Did you mean " + string.Join(" or ", hint) + "?" : ""), Name));
                }
                WriteObject(found, true);
            }
        }
    }
}
