using System;
using System.IO;
using System.Management.Automation;
using OrsMigration.Config;

namespace OrsMigration.Commands
{
    /// <summary>Connects to a configuration store and makes it the current one.</summary>
    [Cmdlet(VerbsCommunications.Connect, "OrsConfigServer", DefaultParameterSetName = FileSet,
        HelpUri = ProjectInfo.HelpBase + "Connect-OrsConfigServer.md")]
    [OutputType(typeof(OrsConfigConnection))]
    public sealed class ConnectOrsConfigServerCommand : OrsCmdletBase
    {
        private const string FileSet = "File";
        private const string GaxSet = "Gax";

        /// <summary>The folder of a file configuration store (GAX JSON, one file per object).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>The GAX address, e.g. https://gax-host:8080 (the module adds -ApiPath to it).</summary>
        [Parameter(Mandatory = true, ParameterSetName = GaxSet)]
        [ValidateNotNull]
        public Uri Uri { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = GaxSet)]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter(ParameterSetName = GaxSet)]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>Allows an http:// address: the GAX password goes in clear text (test systems only).</summary>
        [Parameter(ParameterSetName = GaxSet)]
        public SwitchParameter AllowUnencryptedAuthentication { get; set; }

        [Parameter(ParameterSetName = GaxSet)]
        [ValidateRange(1, 3600)]
        public int TimeoutSeconds { get; set; } = 60;

        /// <summary>The REST root under -Uri; observed in public GAX clients, not documented by Genesys.</summary>
        [Parameter(ParameterSetName = GaxSet)]
        [ValidateNotNullOrEmpty]
        public string ApiPath { get; set; } = GaxConfigStore.DefaultApiPath;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == GaxSet) { ConnectGax(); return; }
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
            MakeCurrent(connection);
        }

        private void MakeCurrent(OrsConfigConnection connection)
        {
            var lab = ConnectionRegistry.UseConfig(connection);
            if (lab != null)
                WriteVerbose($"The lab at {lab.Path} is no longer current: its control and session store are not " +
                    "used for this store's Applications (Connect-OrsLab makes it current again).");
            WriteObject(connection);
        }

        private void ConnectGax()
        {
            if (!string.IsNullOrEmpty(Uri.UserInfo))
            {
                // Never echo the address back: it holds the secret.
                ThrowOrs(new OrsException("CredentialInUri", OrsErrorKind.InvalidArgument,
                    "The GAX address carries a user name or password. Give the address without them and the login in -Credential.", Uri.Host));
                return;
            }
            OrsConfigConnection connection;
            try
            {
                // The password goes from the PSCredential to the login request and nowhere else.
                var login = new System.Net.NetworkCredential(Credential.UserName, Credential.Password);
                var store = new GaxConfigStore(Uri, login, SkipCertificateCheck, TimeSpan.FromSeconds(TimeoutSeconds),
                    ApiPath, AllowUnencryptedAuthentication);
                connection = new OrsConfigConnection("Gax", Uri.ToString(), store);
            }
            catch (OrsException e) { ThrowOrs(e); return; }
            MakeCurrent(connection);
        }
    }
}
