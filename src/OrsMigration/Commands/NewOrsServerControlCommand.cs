using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>Wraps a site's own start, stop, switchover and status commands as a server control.</summary>
    [Cmdlet(VerbsCommon.New, "OrsServerControl", DefaultParameterSetName = ScriptSet,
        HelpUri = ProjectInfo.HelpBase + "New-OrsServerControl.md")]
    [OutputType(typeof(OrsServerControl))]
    public sealed class NewOrsServerControlCommand : OrsCmdletBase
    {
        private const string ScriptSet = "ScriptBlock";
        private const string MlcmdSet = "Mlcmd";

        /// <summary>@{ Start = { param($app) ... }; Stop = {...}; Switchover = {...}; Status = {...} }; each gets the OrsApplication.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptSet)]
        [ValidateNotNull]
        public Hashtable ScriptBlock { get; set; }

        /// <summary>
        /// How long one script block (with mlcmd: -Switchover) may run before it is stopped. Default 600 s.
        /// </summary>
        [Parameter(ParameterSetName = ScriptSet)]
        [Parameter(ParameterSetName = MlcmdSet)]
        [ValidateRange(1, 86400)]
        public int TimeoutSeconds { get; set; } = 600;

        /// <summary>The mlcmd executable (Management Layer command-line utility).</summary>
        [Parameter(Mandatory = true, ParameterSetName = MlcmdSet)]
        [ValidateNotNullOrEmpty]
        public string MlcmdPath { get; set; }

        /// <summary>Configuration Server as host:port (mlcmd -cshost/-csport).</summary>
        [Parameter(Mandatory = true, ParameterSetName = MlcmdSet)]
        [ValidateNotNullOrEmpty]
        public string ConfigServer { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = MlcmdSet)]
        [Credential]
        public System.Management.Automation.PSCredential Credential { get; set; }

        /// <summary>The Application mlcmd logs in as (-csappname). Default 'default'.</summary>
        [Parameter(ParameterSetName = MlcmdSet)]
        public string InterfaceApplication { get; set; } = "default";

        /// <summary>param($app): switches the node of $app over (mlcmd has no switchover).</summary>
        [Parameter(ParameterSetName = MlcmdSet)]
        public ScriptBlock Switchover { get; set; }

        /// <summary>
        /// Solution Control Server as host:port (mlcmd -scshost/-scsport), when it is not found through
        /// Configuration Server.
        /// </summary>
        [Parameter(ParameterSetName = MlcmdSet)]
        [ValidateNotNullOrEmpty]
        public string ScsServer { get; set; }

        /// <summary>
        /// Overrides of the mlcmd syntax: Status, Start, Stop, GracefulStop, UseGracefulStop, ApplicationPattern,
        /// StatusPattern, ModePattern.
        /// </summary>
        [Parameter(ParameterSetName = MlcmdSet)]
        public Hashtable MlcmdSyntax { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == MlcmdSet) { WriteObject(NewMlcmd()); return; }
            var blocks = ScriptBlock.Keys.Cast<object>().ToDictionary(k => k.ToString(), k => ScriptBlock[k] as ScriptBlock, StringComparer.OrdinalIgnoreCase);
            var missing = new[] { "Start", "Stop", "Switchover", "Status" }.Where(n => !blocks.TryGetValue(n, out var b) || b == null).ToList();
            if (missing.Count > 0)
                ThrowOrs("ServerControlIncomplete", OrsErrorKind.InvalidArgument, $"-ScriptBlock needs script blocks for {string.Join(", ", missing)}.", ScriptBlock);
            WriteObject(new ScriptBlockServerControl(blocks) { Timeout = TimeSpan.FromSeconds(TimeoutSeconds) });
        }

        private static int _warned;

        /// <summary>
        /// mlcmd takes the password on its command line, which other users of the machine can read: said once
        /// per session.
        /// </summary>
        private void WarnPasswordVisible()
        {
            if (System.Threading.Interlocked.Exchange(ref _warned, 1) == 1) return;
            WriteWarning("mlcmd takes the Configuration Server password on its command line (-cspassword): while it " +
                         "runs, other users of this machine can read it in the process list. Run the module from a " +
                         "machine only administrators use, with an account whose rights are limited to what the " +
                         "migration needs.");
        }

        private MlcmdControl NewMlcmd()
        {
            var syntax = new MlcmdSyntax();
            foreach (DictionaryEntry e in MlcmdSyntax ?? new Hashtable())
            {
                var prop = typeof(MlcmdSyntax).GetProperty(e.Key.ToString(), System.Reflection.BindingFlags.IgnoreCase | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance);
                if (prop == null) ThrowOrs("MlcmdSyntaxInvalid", OrsErrorKind.InvalidArgument, $"-MlcmdSyntax has no setting '{e.Key}'.", e.Key);
                prop.SetValue(syntax, prop.PropertyType == typeof(bool) ? LanguagePrimitives.IsTrue(e.Value) : (object)e.Value?.ToString());
            }
            var block = Switchover;
            var timeout = TimeSpan.FromSeconds(TimeoutSeconds);
            Action<OrsApplication> switchover = block == null ? (Action<OrsApplication>)null
                : app => ScriptBlockRunner.Invoke(block, timeout, "-Switchover", app, app);
            WarnPasswordVisible();
            try
            {
                return new MlcmdControl(GetUnresolvedProviderPathFromPSPath(MlcmdPath), ConfigServer,
                    new System.Net.NetworkCredential(Credential.UserName, Credential.Password), InterfaceApplication,
                    syntax, switchover, ScsServer);
            }
            catch (OrsException e) { ThrowOrs(e); return null; }
        }
    }

    /// <summary>
    /// Runs the site's script blocks. Status may return an OrsServerStatus or any object with
    /// Status (Running, Stopped...) and Mode (Primary, Backup) properties, or a string such as 'Running Primary'.
    /// Script blocks run on the calling cmdlet's pipeline thread.
    /// </summary>
    public sealed class ScriptBlockServerControl : OrsServerControl
    {
        private readonly System.Collections.Generic.Dictionary<string, ScriptBlock> _blocks;

        public ScriptBlockServerControl(System.Collections.Generic.Dictionary<string, ScriptBlock> blocks) { _blocks = blocks; }

        public override string Description => "script blocks";

        public override OrsServerStatus Status(OrsApplication app)
        {
            var result = Invoke("Status", app).LastOrDefault();
            var status = new OrsServerStatus { ApplicationName = app.Name, Dbid = app.Dbid, Version = app.Version };
            if (result?.BaseObject is OrsServerStatus s) return s;
            if (result?.BaseObject is string text)
            {
                status.Status = Parse<OrsRunState>(text);
                status.Mode = Parse<OrsRunMode>(text);
                return status;
            }
            status.Status = Parse<OrsRunState>(result?.Properties["Status"]?.Value?.ToString());
            status.Mode = Parse<OrsRunMode>(result?.Properties["Mode"]?.Value?.ToString());
            if (result?.Properties["Version"]?.Value is object v) status.Version = v.ToString();
            return status;
        }

        public override void Start(OrsApplication app) => Invoke("Start", app);
        public override void Stop(OrsApplication app) => Invoke("Stop", app);
        public override void Switchover(OrsApplication primary) => Invoke("Switchover", primary);

        /// <summary>How long one script block may run before it is stopped (OrsMigration.ScriptTimeout).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

        private System.Collections.ObjectModel.Collection<PSObject> Invoke(string name, OrsApplication app)
        {
            return ScriptBlockRunner.Invoke(_blocks[name], Timeout, name, app, app);
        }

        private static T Parse<T>(string text) where T : struct
        {
            foreach (var word in (text ?? string.Empty).Split(' ', ',', ';'))
                if (Enum.TryParse(word.Trim(), true, out T value)) return value;
            return default;
        }
    }
}
