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
        private bool _readOnce;

        protected override void ProcessRecord()
        {
            bool typeGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Type));
            if (ParameterSetName == "Dbid")
            {
                foreach (int dbid in Dbid)
                    Emit(new[] { Repository.GetApplication(dbid) }.Where(a => a != null), typeGiven, $"DBID {dbid}",
                        dbid);
                return;
            }
            var all = Applications();
            if (Name == null || Name.Length == 0)
            {
                foreach (var app in all.Where(a => TypeMatches(a, true))) WriteObject(app);
                return;
            }
            if (Name.Length > 1 && !(all is List<OrsApplication>)) all = _all = all.ToList();
            foreach (var name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                bool wildcard = WildcardPattern.ContainsWildcardCharacters(name);
                var matches = all.Where(a => pattern.IsMatch(a.Name ?? string.Empty) && TypeMatches(a, typeGiven || wildcard));
                if (wildcard) foreach (var app in matches) WriteObject(app);
                else Emit(matches, typeGiven, $"name '{name}'", name);
            }
        }

        /// <summary>
        /// The store's Applications, streamed on the first call; names that come one by one through the
        /// pipeline read the store once and share that list.
        /// </summary>
        private IEnumerable<OrsApplication> Applications()
        {
            if (_all != null) return _all;
            if (_readOnce) return _all = Repository.GetApplications(WriteOrsError, CancelToken).ToList();
            _readOnce = true;
            return Repository.GetApplications(WriteOrsError, CancelToken);
        }

        private void Emit(IEnumerable<OrsApplication> matches, bool filterType, string what, object target)
        {
            int count = 0;
            foreach (var app in matches.Where(a => TypeMatches(a, filterType)))
            {
                WriteObject(app);
                count++;
            }
            if (count == 0)
            {
                string type = filterType && Type != OrsAppType.Any ? $" of type {Type}" : string.Empty;
                WriteOrsError(new OrsException("ApplicationNotFound", OrsErrorKind.NotFound,
                    $"No Application{type} with {what} in {ActiveConnection.Location}. Check the name with Get-OrsApplication -Type Any.", target));
            }
        }

        private bool TypeMatches(OrsApplication app, bool filter) => !filter || Type == OrsAppType.Any || app.Type == Type;
    }
}
