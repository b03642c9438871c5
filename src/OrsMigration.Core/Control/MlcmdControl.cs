using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;

namespace OrsMigration.Control
{
    /// <summary>
    /// How mlcmd is called and how its answers read. Documented: the login parameters -cshost,
    /// -csport, -csuser, -cspassword, -csappname and one operation per call. Not documented publicly:
    /// the operation flags and the output format — the defaults here are an INFERENCE, every one
    /// can be changed (New-OrsServerControl -MlcmdSyntax).
    /// </summary>
    public sealed class MlcmdSyntax
    {
        public string Status { get; set; } = "-getappstatus {app}";
        public string Start { get; set; } = "-startapp {app}";
        public string Stop { get; set; } = "-stopapp {app}";
        public string GracefulStop { get; set; } = "-stopappgraceful {app}";
        public bool UseGracefulStop { get; set; }
        /// <summary>A regex whose first group is the run state (Running, Stopped, Starting...).</summary>
        public string StatusPattern { get; set; } = @"(?i)\bstatus\b\W*(\w+)";
        /// <summary>A regex whose first group is the mode (Primary, Backup).</summary>
        public string ModePattern { get; set; } = @"(?i)\bmode\b\W*(\w+)";
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

        public MlcmdControl(string mlcmdPath, string configServer, NetworkCredential credential, string interfaceApplication, MlcmdSyntax syntax, Action<OrsApplication> switchover)
        {
            _mlcmd = mlcmdPath;
            var parts = (configServer ?? string.Empty).Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[1], out _port))
                throw new OrsException("InvalidConfigServer", OrsErrorKind.InvalidArgument, $"-ConfigServer '{configServer}' is not host:port.", configServer);
            _host = parts[0];
            _credential = credential ?? throw new OrsException("CredentialRequired", OrsErrorKind.InvalidArgument, "mlcmd needs a Configuration Server login (-Credential).", null);
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
            string output = Run(Syntax.Status, app);
            return new OrsServerStatus
            {
                ApplicationName = app.Name, Dbid = app.Dbid, Version = app.Version,
                Status = Parse<OrsRunState>(Syntax.StatusPattern, output), Mode = Parse<OrsRunMode>(Syntax.ModePattern, output),
            };
        }

        public override void Start(OrsApplication app) => Run(Syntax.Start, app);
        public override void Stop(OrsApplication app) => Run(Syntax.UseGracefulStop ? Syntax.GracefulStop : Syntax.Stop, app);

        public override void Switchover(OrsApplication primary)
        {
            if (_switchover == null)
                throw new OrsControlException("SwitchoverUnsupported",
                    $"mlcmd documents no switchover, so {primary.Label} cannot be switched over: give New-OrsServerControl -Switchover a script block that does it (SCI, Genesys Administrator, the Platform SDK).", primary);
            _switchover(primary);
        }

        private string Run(string operation, OrsApplication app)
        {
            var args = new List<string> { "-cshost", _host, "-csport", _port.ToString(), "-csuser", _credential.UserName, "-cspassword", _credential.Password, "-csappname", _interfaceApp };
            args.AddRange(Tokens(operation.Replace("{app}", "\u0001")).Select(t => t.Replace("\u0001", app.Name)));
            var (code, output) = ProcessRunner.Run(_mlcmd, args, Timeout, new[] { _credential.Password });
            if (code != 0)
                throw new OrsControlException("MlcmdFailed", $"mlcmd '{ProcessRunner.Mask(operation, null).Replace("{app}", app.Name)}' failed for {app.Label} (exit code {code}): {output.Trim()}", app);
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
