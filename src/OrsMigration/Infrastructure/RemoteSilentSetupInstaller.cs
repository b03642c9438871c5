using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Genesys IP silent setup run on each Application's own host through PowerShell remoting (WinRM,
    /// or SSH on PowerShell 7): a PSSession the user opened (matched by the Application's host name,
    /// or through a host map), or one it opens with the credential or SSH options it was given. The
    /// setup's exit code, output and log come back to the local log folder. Runs on the pipeline
    /// thread (remoting needs the runspace), so the upgrade reaches it through the dispatcher.
    /// </summary>
    public sealed class RemoteSilentSetupInstaller : IInstaller
    {
        private readonly IReadOnlyList<PSSession> _given;
        private readonly IDictionary<string, object> _hostMap;
        private readonly Hashtable _open;
        private readonly Dictionary<string, PSSession> _opened =
            new Dictionary<string, PSSession>(StringComparer.OrdinalIgnoreCase);

        public RemoteSilentSetupInstaller(string setupPath, string responseFile, string logFolder,
            IReadOnlyList<PSSession> sessions, IDictionary<string, object> hostMap, Hashtable openParameters)
        {
            SetupPath = setupPath;
            ResponseFile = responseFile;
            LogFolder = logFolder ?? Path.GetTempPath();
            _given = sessions ?? new PSSession[0];
            _hostMap = new Dictionary<string, object>(hostMap ?? new Dictionary<string, object>(),
                StringComparer.OrdinalIgnoreCase);
            _open = openParameters;
        }

        /// <summary>
        /// Paths on the Application's host, where the IP normally sits; {version} and {app} are replaced.
        /// </summary>
        public string SetupPath { get; }
        public string ResponseFile { get; }
        public string LogFolder { get; }
        public string Description => "silent setup " + SetupPath + " on each Application's host (PowerShell remoting)";

        public void Install(OrsApplication app, string version, string exportFolder)
        {
            string setup = SilentSetupInstaller.Expand(SetupPath, app, version);
            string ini = SilentSetupInstaller.Expand(ResponseFile, app, version);
            var (session, computer) = SessionFor(app);
            bool windows = setup.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);
            string remoteLog = Beside(ini, SilentSetupInstaller.LogFileName(app, version));
            string commandLine = windows ? CommandLine.SilentSetupArguments(ini, remoteLog) : null;
            var result = Run(session, computer, app, RemoteSetup, setup, ini, commandLine, remoteLog);
            string local = SaveLog(app, version, computer, result);
            if (result.Properties["Missing"]?.Value is string missing)
                throw new OrsControlException("SetupNotFound",
                    $"'{missing}' does not exist on {computer}, the host of {app.Label}.", app);
            int code = Convert.ToInt32(result.Properties["ExitCode"]?.Value ?? -1);
            string output = Util.Redact.Text(result.Properties["Output"]?.Value as string, null, 400);
            if (code != 0)
                throw new OrsControlException("InstallFailed", $"Silent setup of {version} for {app.Label} on " +
                    $"{computer} failed (exit code {code}): {output} See {local}.", app);
        }

        /// <summary>The session for the Application's host: mapped, given, opened before, or opened now.</summary>
        private (PSSession, string) SessionFor(OrsApplication app)
        {
            string host = app.HostName ?? throw Unreachable(app, "(none)", "it has no host in Configuration Server");
            _hostMap.TryGetValue(host, out var mapped);
            if (mapped is PSObject p) mapped = p.BaseObject;
            var chosen = mapped as PSSession;
            string computer = chosen?.ComputerName ?? mapped as string ?? host;
            chosen = chosen ?? _given.FirstOrDefault(
                s => string.Equals(s.ComputerName, computer, StringComparison.OrdinalIgnoreCase));
            _opened.TryGetValue(computer, out var opened);
            return (Usable(chosen) ?? Usable(opened) ?? Reopen(app, host, computer), computer);
        }

        private static PSSession Usable(PSSession session) =>
            session != null && session.Runspace.RunspaceStateInfo.State == RunspaceState.Opened ? session : null;

        /// <summary>
        /// A new session with the options given to New-OrsInstaller; without them, the host cannot be reached.
        /// </summary>
        private PSSession Reopen(OrsApplication app, string host, string computer)
        {
            if (_open == null)
                throw Unreachable(app, computer, $"no open PSSession reaches it (host '{host}'): pass " +
                    "-Session (matched by computer name), -HostMap, or -Credential / -SshUserName so the " +
                    "installer can open one");
            var parameters = (Hashtable)_open.Clone();
            parameters[parameters.ContainsKey("UserName") ? "HostName" : "ComputerName"] = computer;
            try
            {
                var session = ScriptBlock.Create("param($p) New-PSSession @p -ErrorAction Stop").Invoke(parameters)
                    .Select(r => r.BaseObject).OfType<PSSession>().Single();
                return _opened[computer] = session;
            }
            catch (RuntimeException e) { throw Unreachable(app, computer, e.Message); }
        }

        private static PSObject Run(PSSession session, string computer, OrsApplication app, string script,
            params object[] args)
        {
            try
            {
                var invoke = ScriptBlock.Create("param($s, $b, $a) Invoke-Command -Session $s " +
                    "-ScriptBlock ([scriptblock]::Create($b)) -ArgumentList $a -ErrorAction Stop");
                return invoke.Invoke(session, script, args).LastOrDefault()
                    ?? throw Unreachable(app, computer, "the remote setup returned nothing", mayHaveRun: true);
            }
            catch (RuntimeException e) { throw Unreachable(app, computer, e.Message, mayHaveRun: true); }
        }

        private string SaveLog(OrsApplication app, string version, string computer, PSObject result)
        {
            Directory.CreateDirectory(LogFolder);
            string path = Path.Combine(LogFolder, SilentSetupInstaller.LogFileName(app, version));
            object Field(string name) => result.Properties[name]?.Value;
            var text = $"host {Field("Host")} ({computer}), user {Field("User")}, exit code {Field("ExitCode")}\n" +
                       $"--- output\n{Field("Output")}\n--- setup log\n{Field("Log")}\n";
            File.WriteAllText(path, text);
            return path;
        }

        /// <summary>
        /// A session that broke while the setup ran leaves it unknown whether the setup ran: said so, since
        /// the node is restored either way and a resumed run installs again.
        /// </summary>
        private static OrsControlException Unreachable(OrsApplication app, string computer, string why,
            bool mayHaveRun = false) =>
            new OrsControlException("RemoteHostUnreachable", $"Cannot install on {computer}, the host of " +
                $"{app.Label}: {why}. " + (mayHaveRun
                    ? "The setup may or may not have run there: see its log on that host."
                    : "Nothing was run there."), app);

        /// <summary>A file beside another on the remote host, with the separator that path uses.</summary>
        private static string Beside(string path, string name)
        {
            int cut = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return cut < 0 ? name : path.Substring(0, cut + 1) + name;
        }

        /// <summary>What runs on the host: the setup, its exit code and output, and its log, all returned.</summary>
        private const string RemoteSetup = @"
param($Setup, $ResponseFile, $CommandLine, $LogFile)
$r = [ordered]@{ Host = [Environment]::MachineName; User = [Environment]::UserName
                 ExitCode = $null; Output = ''; Log = $null; Missing = $null }
foreach ($f in $Setup, $ResponseFile) {
    if (-not (Test-Path -LiteralPath $f)) { $r.Missing = $f; return [pscustomobject]$r }
}
if ($CommandLine) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new($Setup, $CommandLine)
    $psi.UseShellExecute = $false; $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
    $p = [System.Diagnostics.Process]::Start($psi)
    # Both streams are drained at once: a full stderr pipe would otherwise stall setup.exe.
    $err = $p.StandardError.ReadToEndAsync()
    $r.Output = $p.StandardOutput.ReadToEnd() + $err.GetAwaiter().GetResult()
    $p.WaitForExit()
    $r.ExitCode = $p.ExitCode
} else {
    $global:LASTEXITCODE = 0
    $r.Output = (& $Setup -s -fr $ResponseFile 2>&1 | Out-String)
    $r.ExitCode = $global:LASTEXITCODE
}
if (Test-Path -LiteralPath $LogFile) { $r.Log = Get-Content -LiteralPath $LogFile -Raw }
[pscustomobject]$r
";
    }
}
