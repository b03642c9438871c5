using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;

namespace OrsMigration.Control
{
    /// <summary>
    /// How mlcmd is called and how its answers read. Documented: the login parameters -cshost,
    /// -csport, -csuser, -cspassword, -csappname (and -scshost, -scsport when Solution Control
    /// Server is not found through Configuration Server), one operation per call, and answers of
    /// lines "Application: &lt;name&gt;", "DBID: &lt;n&gt;", "Status: &lt;s&gt;", "Runmode: &lt;r&gt;"
    /// (as a public script calling -getallappstatus shows), one block per Application. The operation flags are an
    /// INFERENCE; every setting can be changed (New-OrsServerControl -MlcmdSyntax).
    /// </summary>
    public sealed class MlcmdSyntax
    {
        public string Status { get; set; } = "-getappstatus {app}";
        public string Start { get; set; } = "-startapp {app}";
        public string Stop { get; set; } = "-stopapp {app}";
        public string GracefulStop { get; set; } = "-stopappgraceful {app}";
        public bool UseGracefulStop { get; set; }
        /// <summary>A regex whose first group is the Application a block of the answer is about.</summary>
        public string ApplicationPattern { get; set; } = @"(?im)^\s*Application\s*:\s*(.+?)\s*$";
        /// <summary>A regex whose first group is the run state (Running, Stopped, Starting...).</summary>
        public string StatusPattern { get; set; } = @"(?im)^\s*Status\s*:\s*(\w+)";
        /// <summary>A regex whose first group is the mode (Primary, Backup).</summary>
        public string ModePattern { get; set; } = @"(?im)^\s*Runmode\s*:\s*(\w+)";
    }

    /// <summary>
    /// Server control through Genesys's Management Layer command-line utility mlcmd (status, start,
    /// stop, graceful stop via Solution Control Server). mlcmd documents no switchover, so a run
    /// that needs one takes a switchover handler (a site's script) or is refused.
    /// </summary>
    public sealed class MlcmdControl : OrsServerControl
    {
        private readonly string _mlcmd;
        private readonly string _host;
        private readonly int _port;
        private readonly NetworkCredential _credential;
        private readonly string _interfaceApp;
        private readonly Action<OrsApplication> _switchover;
        private readonly string _scsHost;
        private readonly int _scsPort;

        public MlcmdControl(string mlcmdPath, string configServer, NetworkCredential credential,
            string interfaceApplication, MlcmdSyntax syntax, Action<OrsApplication> switchover, string scsServer = null)
        {
            _mlcmd = mlcmdPath;
            (_host, _port) = HostPort(configServer, "-ConfigServer");
            if (!string.IsNullOrEmpty(scsServer)) (_scsHost, _scsPort) = HostPort(scsServer, "-ScsServer");
            _credential = credential ?? throw new OrsException("CredentialRequired", OrsErrorKind.InvalidArgument,
                "mlcmd needs a Configuration Server login (-Credential).", null);
            _interfaceApp = interfaceApplication ?? "default";
            Syntax = syntax ?? new MlcmdSyntax();
            _switchover = switchover;
            Timeout = TimeSpan.FromMinutes(2);
        }

        public MlcmdSyntax Syntax { get; }
        public TimeSpan Timeout { get; set; }
        public override string Description => $"mlcmd {_mlcmd} via {_host}:{_port}";

        public override OrsServerStatus Status(OrsApplication app)
        {
            string block = BlockOf(Run(Syntax.Status, app), app);
            return new OrsServerStatus
            {
                ApplicationName = app.Name, Dbid = app.Dbid, Version = app.Version,
                Status = Parse<OrsRunState>(Syntax.StatusPattern, block),
                Mode = Parse<OrsRunMode>(Syntax.ModePattern, block),
            };
        }

        /// <summary>
        /// The part of an answer about one Application: an answer may list several (as -getallappstatus
        /// does), each block starting at its "Application:" line; an answer without such lines is one block.
        /// </summary>
        public string BlockOf(string output, OrsApplication app)
        {
            var starts = Regex.Matches(output ?? string.Empty, Syntax.ApplicationPattern).Cast<Match>().ToList();
            if (starts.Count == 0) return output ?? string.Empty;
            for (int i = 0; i < starts.Count; i++)
            {
                if (!string.Equals(starts[i].Groups[1].Value, app.Name, StringComparison.OrdinalIgnoreCase)) continue;
                int end = i + 1 < starts.Count ? starts[i + 1].Index : output.Length;
                return output.Substring(starts[i].Index, end - starts[i].Index);
            }
            string named = string.Join(", ", starts.Select(m => m.Groups[1].Value));
            throw new OrsControlException("MlcmdNoStatus", $"mlcmd answered about {named}, not about {app.Label}. " +
                "Check the Application's name in Configuration Server, or -MlcmdSyntax Status.", app);
        }

        private static (string, int) HostPort(string value, string parameter)
        {
            var parts = (value ?? string.Empty).Split(':');
            bool valid = parts.Length == 2 && parts[0].Length > 0;
            int port = 0;
            if (!valid || !int.TryParse(parts[1], out port) || port < 1 || port > 65535)
                throw new OrsException("InvalidConfigServer", OrsErrorKind.InvalidArgument,
                    $"{parameter} '{value}' is not host:port.", value);
            return (parts[0], port);
        }

        public override void Start(OrsApplication app) => Run(Syntax.Start, app);
        public override void Stop(OrsApplication app) => Run(Syntax.UseGracefulStop ? Syntax.GracefulStop : Syntax.Stop, app);

        public override void Switchover(OrsApplication primary)
        {
            if (_switchover == null)
                throw new OrsControlException("SwitchoverUnsupported",
                    $"mlcmd documents no switchover, so {primary.Label} cannot be switched over: give " +
                    "New-OrsServerControl -Switchover a script block that does it (SCI, Genesys Administrator, " +
                    "the Platform SDK).", primary);
            _switchover(primary);
        }

        private string Run(string operation, OrsApplication app)
        {
            var args = new List<string>
            {
                "-cshost", _host, "-csport", _port.ToString(CultureInfo.InvariantCulture),
                "-csuser", _credential.UserName, "-cspassword", _credential.Password, "-csappname", _interfaceApp,
            };
            if (_scsHost != null) args.AddRange(new[] { "-scshost", _scsHost, "-scsport", _scsPort.ToString() });
            args.AddRange(Tokens(operation.Replace("{app}", "\u0001")).Select(t => t.Replace("\u0001", app.Name)));
            var (code, output) = ProcessRunner.Run(_mlcmd, args, Timeout, new[] { _credential.Password });
            if (code != 0)
            {
                string shown = ProcessRunner.Mask(operation, null).Replace("{app}", app.Name);
                throw new OrsControlException("MlcmdFailed",
                    $"mlcmd '{shown}' failed for {app.Label} (exit code {code}): {output.Trim()}", app);
            }
            return output;
        }

        private static IEnumerable<string> Tokens(string template) => template.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);

        private static T Parse<T>(string pattern, string output) where T : struct
        {
            var m = Regex.Match(output ?? string.Empty, pattern);
            return m.Success && Enum.TryParse(m.Groups[1].Value, true, out T value) ? value : default;
        }
    }
}
