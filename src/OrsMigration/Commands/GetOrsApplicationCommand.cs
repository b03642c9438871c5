using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    /// <summary>Reads Applications from the configuration store.</summary>
    [Cmdlet(VerbsCommon.Get, "OrsApplication", DefaultParameterSetName = "Name",
        HelpUri = ProjectInfo.HelpBase + "Get-OrsApplication.md")]
    [OutputType(typeof(OrsApplication))]
    public sealed class GetOrsApplicationCommand : OrsConfigCmdletBase
    {
        [Parameter(Position = 0, ParameterSetName = "Name", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ApplicationNameCompleter))]
        public string[] Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Dbid", ValueFromPipelineByPropertyName = true)]
        public int[] Dbid { get; set; }

        /// <summary>
        /// The Application type. Default OrchestrationServer for listings and wildcard names;
        /// an exact name or a DBID finds the Application whatever its type unless -Type is given.
        /// </summary>
        [Parameter]
        public OrsAppType Type { get; set; } = OrsAppType.OrchestrationServer;

        private List<OrsApplication> _all;

        protected override void ProcessRecord()
        {
            bool typeGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Type));
            var all = _all ?? (_all = Repository.GetApplications(WriteOrsError, CancelToken).ToList());
            if (ParameterSetName == "Dbid")
            {
                foreach (int dbid in Dbid) Emit(all.Where(a => a.Dbid == dbid), typeGiven, $"DBID {dbid}", dbid);
                return;
            }
            if (Name == null || Name.Length == 0)
            {
                WriteObject(all.Where(a => TypeMatches(a, true)), true);
                return;
            }
            foreach (var name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(name);
                var matches = all.Where(a => pattern.IsMatch(a.Name ?? string.Empty) && TypeMatches(a, typeGiven || wildcard));
                if (wildcard) WriteObject(matches, true);
                else Emit(matches, typeGiven, $"name '{name}'", name);
            }
        }

        private void Emit(IEnumerable<OrsApplication> matches, bool filterType, string what, object target)
        {
            var list = matches.Where(a => TypeMatches(a, filterType)).ToList();
            if (list.Count == 0)
            {
                string type = filterType && Type != OrsAppType.Any ? $" of type {Type}" : string.Empty;
                WriteOrsError(new OrsException("ApplicationNotFound", OrsErrorKind.NotFound,
                    $"No Application{type} with {what} in {ActiveConnection.Location}. Check the name with Get-OrsApplication -Type Any.", target));
                return;
            }
            WriteObject(list, true);
        }

        private bool TypeMatches(OrsApplication app, bool filter) => !filter || Type == OrsAppType.Any || app.Type == Type;
    }
}
