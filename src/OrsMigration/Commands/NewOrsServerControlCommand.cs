using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>Wraps a site's own start, stop, switchover and status commands as a server control.</summary>
    [Cmdlet(VerbsCommon.New, "OrsServerControl")]
    [OutputType(typeof(OrsServerControl))]
    public sealed class NewOrsServerControlCommand : OrsCmdletBase
    {
        /// <summary>@{ Start = { param($app) ... }; Stop = {...}; Switchover = {...}; Status = {...} }; each gets the OrsApplication.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Hashtable ScriptBlock { get; set; }

        protected override void ProcessRecord()
        {
            var blocks = ScriptBlock.Keys.Cast<object>().ToDictionary(k => k.ToString(), k => ScriptBlock[k] as ScriptBlock, StringComparer.OrdinalIgnoreCase);
            var missing = new[] { "Start", "Stop", "Switchover", "Status" }.Where(n => !blocks.TryGetValue(n, out var b) || b == null).ToList();
            if (missing.Count > 0)
                ThrowOrs("ServerControlIncomplete", OrsErrorKind.InvalidArgument, $"-ScriptBlock needs script blocks for {string.Join(", ", missing)}.", ScriptBlock);
            WriteObject(new ScriptBlockServerControl(blocks));
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

        private System.Collections.ObjectModel.Collection<PSObject> Invoke(string name, OrsApplication app)
        {
            try { return _blocks[name].Invoke(app); }
            catch (RuntimeException e)
            {
                throw new OrsControlException("ServerControlFailed", $"The {name} script block failed for {app.Label}: {e.Message}", app, e);
            }
        }

        private static T Parse<T>(string text) where T : struct
        {
            foreach (var word in (text ?? string.Empty).Split(' ', ',', ';'))
                if (Enum.TryParse(word.Trim(), true, out T value)) return value;
            return default;
        }
    }
}
