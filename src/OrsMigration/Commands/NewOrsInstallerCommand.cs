using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>
    /// An installer running Genesys IP silent setup, for Invoke-OrsRollingUpgrade -Installer: here, or
    /// on each Application's own host through PowerShell remoting (sessions given or opened).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "OrsInstaller", DefaultParameterSetName = LocalSet,
        HelpUri = ProjectInfo.HelpBase + "New-OrsInstaller.md")]
    [OutputType(typeof(SilentSetupInstaller), typeof(RemoteSilentSetupInstaller))]
    public sealed class NewOrsInstallerCommand : OrsCmdletBase
    {
        private const string LocalSet = "Local";
        private const string RemoteSet = "Remote";

        /// <summary>setup.exe (Windows) or install.sh (UNIX) of the ORS IP; {version} and {app} are replaced.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string SetupPath { get; set; }

        /// <summary>The silent-setup response file (genesys_silent.ini); {version} and {app} are replaced.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string ResponseFile { get; set; }

        /// <summary>Where setup logs go (here, also for remote installations). Default: the temporary folder.</summary>
        [Parameter]
        public string LogPath { get; set; }

        /// <summary>Open PSSessions to the ORS hosts, matched to each Application by its host name.</summary>
        [Parameter(ParameterSetName = RemoteSet)]
        public PSSession[] Session { get; set; }

        /// <summary>Application host name = computer name (string) or PSSession, where they differ.</summary>
        [Parameter(ParameterSetName = RemoteSet)]
        public Hashtable HostMap { get; set; }

        /// <summary>WinRM: the login to open sessions with (New-PSSession -ComputerName -Credential).</summary>
        [Parameter(ParameterSetName = RemoteSet)]
        [Credential]
        public PSCredential Credential { get; set; }

        /// <summary>WinRM over HTTPS.</summary>
        [Parameter(ParameterSetName = RemoteSet)]
        public SwitchParameter UseSSL { get; set; }

        /// <summary>SSH (PowerShell 7): the user to open sessions as (New-PSSession -HostName -UserName).</summary>
        [Parameter(ParameterSetName = RemoteSet)]
        public string SshUserName { get; set; }

        [Parameter(ParameterSetName = RemoteSet)]
        public string SshKeyFilePath { get; set; }

        [Parameter(ParameterSetName = RemoteSet)]
        [ValidateRange(1, 65535)]
        public int SshPort { get; set; }

        /// <summary>SSH options (New-PSSession -Options), such as @{ StrictHostKeyChecking = 'yes' }.</summary>
        [Parameter(ParameterSetName = RemoteSet)]
        public Hashtable SshOptions { get; set; }

        protected override void ProcessRecord()
        {
            string log = LogPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LogPath);
            if (ParameterSetName == RemoteSet)
            {
                // Remote paths stay remote: the IP normally sits on the ORS host or a share.
                WriteObject(new RemoteSilentSetupInstaller(SetupPath, ResponseFile, log, Session, Map(),
                    OpenParameters()));
                return;
            }
            WriteObject(new SilentSetupInstaller(SessionState.Path.GetUnresolvedProviderPathFromPSPath(SetupPath),
                SessionState.Path.GetUnresolvedProviderPathFromPSPath(ResponseFile), log));
        }

        private IDictionary<string, object> Map() => HostMap?.Keys.Cast<object>()
            .ToDictionary(k => k.ToString(), k => HostMap[k] is PSObject p ? p.BaseObject : HostMap[k]);

        /// <summary>How to open a session to a host nobody opened one to; null when no way was given.</summary>
        private Hashtable OpenParameters()
        {
            if (SshUserName != null)
            {
                var ssh = new Hashtable { ["UserName"] = SshUserName };
                if (SshKeyFilePath != null)
                    ssh["KeyFilePath"] = SessionState.Path.GetUnresolvedProviderPathFromPSPath(SshKeyFilePath);
                if (SshPort > 0) ssh["Port"] = SshPort;
                if (SshOptions != null) ssh["Options"] = SshOptions;
                return ssh;
            }
            if (Credential == null && !UseSSL) return null;
            var winrm = new Hashtable();
            if (Credential != null) winrm["Credential"] = Credential;
            if (UseSSL) winrm["UseSSL"] = true;
            return winrm;
        }
    }
}
