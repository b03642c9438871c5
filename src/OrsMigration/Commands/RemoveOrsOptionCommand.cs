using System.Linq;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    /// <summary>Deletes options, or a whole section when -Name is left out.</summary>
    [Cmdlet(VerbsCommon.Remove, "OrsOption", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        HelpUri = ProjectInfo.HelpBase + "Remove-OrsOption.md")]
    [OutputType(typeof(OrsConfigChange))]
    [OutputType(typeof(OrsApplication))]
    public sealed class RemoveOrsOptionCommand : OrsConfigCmdletBase
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApplicationName")]
        public OrsApplication InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OptionSectionCompleter))]
        public string Section { get; set; }

        /// <summary>The options to delete; all of the section's options when left out.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OptionNameCompleter))]
        public string[] Name { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private bool _nameGiven;

        protected override void BeginProcessing() => _nameGiven = MyInvocation.BoundParameters.ContainsKey("Name");

        protected override void ProcessRecord()
        {
            // A piped Application's own Name binds to -Name by property name: it is not an option name.
            if (!_nameGiven && InputObject != null && InputObject.FromStore) Name = null;
            if ((InputObject = ResolveOrReport(InputObject)) == null) return;
            PerItem(() =>
            {
                var section = new WildcardPattern(Section, WildcardOptions.IgnoreCase);
                var names = (Name ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
                var doomed = InputObject.Options.Flatten().Where(o => section.IsMatch(o.Section) && names.Any(n => n.IsMatch(o.Name))).ToList();
                ReportLiteralMisses(doomed.Select(o => (o.Section, o.Name)).ToList());
                var desired = InputObject.Options.Clone();
                foreach (var o in doomed) desired.Remove(o.Section, o.Name);
                foreach (var empty in desired.Where(s => s.Count == 0).Select(s => s.Name).ToList()) desired.RemoveSection(empty);
                var plan = OptionPlan.Create(InputObject, desired, (s, n) => "Remove-OrsOption");
                ApplyOptionPlan(plan, "Remove options", Force, PassThru);
            }, InputObject);
        }

        /// <summary>An option named exactly, without wildcards, that is not there is an error; a pattern that matches nothing is not.</summary>
        private void ReportLiteralMisses(System.Collections.Generic.List<(string Section, string Name)> found)
        {
            if (WildcardPattern.ContainsWildcardCharacters(Section)) return;
            var literal = (Name ?? new string[0]).Where(n => !WildcardPattern.ContainsWildcardCharacters(n));
            if (Name == null && !InputObject.Options.SectionNames.Any(s => string.Equals(s, Section, System.StringComparison.OrdinalIgnoreCase)))
                literal = new[] { "*" };
            foreach (var n in literal.Where(n => n == "*" || !found.Any(f => string.Equals(f.Name, n, System.StringComparison.OrdinalIgnoreCase))))
                WriteOrsError(new OrsException("OptionNotFound", OrsErrorKind.NotFound,
                    n == "*" ? $"{InputObject.Label} has no section [{Section}]." : $"{InputObject.Label} has no option {Section}/{n}.",
                    InputObject));
        }
    }
}
