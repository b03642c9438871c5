using System.Management.Automation;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>An installer running Genesys IP silent setup, for Invoke-OrsRollingUpgrade -Installer.</summary>
    [Cmdlet(VerbsCommon.New, "OrsInstaller")]
    [OutputType(typeof(SilentSetupInstaller))]
    public sealed class NewOrsInstallerCommand : OrsCmdletBase
    {
        /// <summary>setup.exe (Windows) or install.sh (UNIX) of the ORS IP; {version} and {app} are replaced.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string SetupPath { get; set; }

        /// <summary>The silent-setup response file (genesys_silent.ini); {version} and {app} are replaced.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string ResponseFile { get; set; }

        /// <summary>Where setup logs go. Default: the temporary folder.</summary>
        [Parameter]
        public string LogPath { get; set; }

        protected override void ProcessRecord() =>
            WriteObject(new SilentSetupInstaller(SessionState.Path.GetUnresolvedProviderPathFromPSPath(SetupPath),
                SessionState.Path.GetUnresolvedProviderPathFromPSPath(ResponseFile),
                LogPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LogPath)));
    }
}
