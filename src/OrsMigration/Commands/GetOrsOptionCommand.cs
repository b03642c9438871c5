using System.Management.Automation;

namespace OrsMigration.Commands
{
    /// <summary>Lists the options of Applications, one object per option.</summary>
    [Cmdlet(VerbsCommon.Get, "OrsOption",
        HelpUri = ProjectInfo.HelpBase + "Get-OrsOption.md")]
    [OutputType(typeof(OrsOption))]
    public sealed class GetOrsOptionCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApplicationName")]
        public OrsApplication InputObject { get; set; }

        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OptionSectionCompleter))]
        public string Section { get; set; } = "*";

        [Parameter(Position = 2)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OptionNameCompleter))]
        public string Name { get; set; } = "*";

        protected override void ProcessRecord()
        {
            if ((InputObject = ResolveOrReport(InputObject)) == null) return;
            var section = new WildcardPattern(Section, WildcardOptions.IgnoreCase);
            var name = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            foreach (var (s, n, v) in InputObject.Options.Flatten())
            {
                if (!section.IsMatch(s) || !name.IsMatch(n)) continue;
                WriteObject(new OrsOption { ApplicationName = InputObject.Name, ApplicationDbid = InputObject.Dbid, Section = s, Name = n, Value = v });
            }
        }
    }
}
