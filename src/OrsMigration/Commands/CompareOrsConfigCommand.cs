using System.IO;
using System.Management.Automation;
using OrsMigration.Cfg;
using OrsMigration.Export;

namespace OrsMigration.Commands
{
    /// <summary>Compares the options of two Applications, exports or .cfg files.</summary>
    [Cmdlet(VerbsData.Compare, "OrsConfig",
        HelpUri = ProjectInfo.HelpBase + "Compare-OrsConfig.md")]
    [OutputType(typeof(OrsConfigDifference))]
    public sealed class CompareOrsConfigCommand : OrsConfigCmdletBase
    {
        /// <summary>An OrsApplication, an OrsConfigExport, a .cfg/.conf path (or file), or an Application name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public PSObject Reference { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject Difference { get; set; }

        /// <summary>Also report options that both hold with the same value but in another order.</summary>
        [Parameter]
        public SwitchParameter IncludeOrder { get; set; }

        protected override void ProcessRecord()
        {
            PerItem(() =>
            {
                var reference = OptionsOf(Reference, "-Reference");
                var difference = OptionsOf(Difference, "-Difference");
                WriteObject(OptionComparer.Compare(reference, difference, IncludeOrder), true);
            }, Difference);
        }

        private OptionSet OptionsOf(PSObject value, string parameter)
        {
            switch (value.BaseObject)
            {
                case OrsApplication app: return app.Options;
                case OrsConfigExport export: return ReadCfg(export.Path);
                case FileInfo file: return ReadCfg(file.FullName);
                case string text: return FromText(text, parameter);
                default:
                    throw new OrsException("CompareInputInvalid", OrsErrorKind.InvalidArgument,
                        $"{parameter} takes an OrsApplication, an OrsConfigExport, a .cfg/.conf path or an Application name, not a {value.BaseObject?.GetType().Name}.", value);
            }
        }

        private OptionSet FromText(string text, string parameter)
        {
            string path = GetUnresolvedProviderPathFromPSPath(text);
            if (File.Exists(path)) return ReadCfg(path);
            var app = Repository.FindApplication(text);
            if (app != null) return app.Options;
            throw new OrsException("CompareInputNotFound", OrsErrorKind.NotFound,
                $"{parameter} '{text}' is neither an existing option file nor an Application in {ActiveConnection.Location}.", text);
        }

        private static OptionSet ReadCfg(string path)
        {
            try { return CfgReader.ReadFile(path).Options; }
            catch (CfgFormatException e) { throw new OrsException("CfgInvalid", OrsErrorKind.ParserError, e.Message, path, e); }
        }
    }
}
