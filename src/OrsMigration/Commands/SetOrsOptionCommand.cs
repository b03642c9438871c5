using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    /// <summary>Sets one option (-Section -Name -Value) or several (-Option @{ 'section/name' = value }).</summary>
    [Cmdlet(VerbsCommon.Set, "OrsOption", SupportsShouldProcess = true, DefaultParameterSetName = SingleSet,
        HelpUri = ProjectInfo.HelpBase + "Set-OrsOption.md")]
    [OutputType(typeof(OrsConfigChange))]
    [OutputType(typeof(OrsApplication))]
    public sealed class SetOrsOptionCommand : OrsConfigCmdletBase
    {
        private const string SingleSet = "Single";
        private const string TableSet = "Table";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApplicationName")]
        public OrsApplication InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SingleSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OptionSectionCompleter))]
        public string Section { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = SingleSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OptionNameCompleter))]
        public string Name { get; set; }

        [Parameter(Mandatory = true, Position = 2, ParameterSetName = SingleSet)]
        [AllowEmptyString]
        public string Value { get; set; }

        /// <summary>Options as 'section/name' = value.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TableSet)]
        [ValidateNotNull]
        public Hashtable Option { get; set; }

        /// <summary>Do not ask for confirmation (never overrides -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if ((InputObject = ResolveOrReport(InputObject)) == null) return;
            PerItem(() =>
            {
                var desired = InputObject.Options.Clone();
                if (ParameterSetName == SingleSet) desired.Set(Section, Name, Value ?? string.Empty);
                else foreach (DictionaryEntry e in Option) SetFromTable(desired, e);
                var plan = OptionPlan.Create(InputObject, desired, (s, n) => "Set-OrsOption");
                if (InputObject.Type == OrsAppType.OrchestrationServer)
                    foreach (var change in plan.Changes.Where(c => c.Action != OrsChangeAction.Remove)) Validate(change);
                ApplyOptionPlan(plan, "Set options", Force, PassThru);
            }, InputObject);
        }

        /// <summary>
        /// Checks an ORS option against the catalogue (one validator for every writer): a problem is an
        /// error unless -Force; an obsolete option is a warning.
        /// </summary>
        private void Validate(OrsConfigChange change)
        {
            CheckOptionToWrite(InputObject.Label, change.Section, change.Name, change.NewValue, Force);
            var info = OptionCatalog.Find(change.Section, change.Name);
            if (info?.Removed != null)
                WriteWarning($"{InputObject.Label}: {info.Key} is obsolete from " +
                    $"{info.Removed}{(info.ReplacedBy != null ? "; use " + info.ReplacedBy : "")}.");
        }

        private static void SetFromTable(OptionSet desired, DictionaryEntry e)
        {
            var key = OptionKey.Parse(e.Key?.ToString());
            string value = e.Value is PSObject p ? p.BaseObject?.ToString() : e.Value?.ToString();
            desired.Set(key.Section, key.Name, value ?? string.Empty);
        }
    }
}
