using System.IO;
using System.Management.Automation;
using OrsMigration.Config;

namespace OrsMigration.Commands
{
    /// <summary>Connects to a configuration store and makes it the current one.</summary>
    [Cmdlet(VerbsCommunications.Connect, "OrsConfigServer", DefaultParameterSetName = FileSet)]
    [OutputType(typeof(OrsConfigConnection))]
    public sealed class ConnectOrsConfigServerCommand : OrsCmdletBase
    {
        private const string FileSet = "File";

        /// <summary>The folder of a file configuration store (GAX JSON, one file per object).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        protected override void ProcessRecord()
        {
            string folder = GetUnresolvedProviderPathFromPSPath(Path);
            OrsConfigConnection connection;
            try
            {
                connection = new OrsConfigConnection("File", folder, new FileConfigStore(folder));
            }
            catch (OrsException e)
            {
                ThrowOrs(e);
                return;
            }
            if (!Directory.Exists(System.IO.Path.Combine(folder, CfgTypes.Application)))
                WriteWarning($"'{folder}' has no {CfgTypes.Application} folder yet: the store is empty.");
            ConnectionRegistry.CurrentConfig = connection;
            WriteObject(connection);
        }
    }
}
