using System.Collections;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    /// <summary>Sets one option (-Section -Name -Value) or several (-Option @{ 'section/name' = value }).</summary>
    [Cmdlet(VerbsCommon.Set, "OrsOption", SupportsShouldProcess = true, DefaultParameterSetName = SingleSet)]
    [OutputType(typeof(OrsConfigChange))]
    [OutputType(typeof(OrsApplication))]
    public sealed class SetOrsOptionCommand : OrsConfigCmdletBase
    {
        private const string SingleSet = "Single";
        private const string TableSet = "Table";

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public OrsApplication InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SingleSet)]
        [ValidateNotNullOrEmpty]
        public string Section { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = SingleSet)]
        [ValidateNotNullOrEmpty]
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
            PerItem(() =>
            {
                var desired = InputObject.Options.Clone();
                if (ParameterSetName == SingleSet) desired.Set(Section, Name, Value ?? string.Empty);
                else foreach (DictionaryEntry e in Option) SetFromTable(desired, e);
                var plan = OptionPlan.Create(InputObject, desired, (s, n) => "Set-OrsOption");
                ApplyOptionPlan(plan, "Set options", Force, PassThru);
            }, InputObject);
        }

        private static void SetFromTable(OptionSet desired, DictionaryEntry e)
        {
            string key = e.Key?.ToString() ?? string.Empty;
            int slash = key.IndexOf('/');
            if (slash <= 0 || slash == key.Length - 1)
                throw new OrsException("InvalidOptionKey", OrsErrorKind.InvalidArgument,
                    $"-Option key '{key}' is not 'section/name' (for example 'orchestration/functions-by-urs'). Nothing was changed.", key);
            string value = e.Value is PSObject p ? p.BaseObject?.ToString() : e.Value?.ToString();
            desired.Set(key.Substring(0, slash).Trim(), key.Substring(slash + 1).Trim(), value ?? string.Empty);
        }
    }
}
