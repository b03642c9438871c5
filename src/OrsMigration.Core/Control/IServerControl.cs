using System;

namespace OrsMigration.Control
{
    public enum OrsRunState { Unknown, Stopped, Starting, Running }

    public enum OrsRunMode { Unknown, Primary, Backup }

    /// <summary>An Application's run state and mode, as the Management Layer (or the lab) reports it.</summary>
    public sealed class OrsServerStatus
    {
        public string ApplicationName { get; set; }
        public int Dbid { get; set; }
        public OrsRunState Status { get; set; }
        public OrsRunMode Mode { get; set; }
        public string Version { get; set; }
        public DateTimeOffset ObservedAt { get; set; } = DateTimeOffset.Now;
        public override string ToString() => $"{ApplicationName}: {Status} {Mode} {Version}";
    }

    /// <summary>
    /// Start, stop, switch over and ask the status of an Application: through Solution Control
    /// Server (mlcmd), a site's own script blocks, or the lab. Calls block until the operation was
    /// handed over; callers verify the outcome with Status.
    /// </summary>
    public interface IServerControl
    {
        string Description { get; }
        OrsServerStatus Status(OrsApplication app);
        void Start(OrsApplication app);
        void Stop(OrsApplication app);
        /// <summary>Makes the backup of the node whose primary is app the primary.</summary>
        void Switchover(OrsApplication primary);
    }

    /// <summary>The base of every server control the cmdlets accept (-Control).</summary>
    public abstract class OrsServerControl : IServerControl
    {
        public abstract string Description { get; }
        public abstract OrsServerStatus Status(OrsApplication app);
        public abstract void Start(OrsApplication app);
        public abstract void Stop(OrsApplication app);
        public abstract void Switchover(OrsApplication primary);
        public override string ToString() => Description;
    }

    /// <summary>
    /// A control or installer that may be called from any thread. Others (script blocks) are
    /// called on the PowerShell pipeline thread through a dispatcher.
    /// </summary>
    public interface IAnyThread
    {
    }

    /// <summary>
    /// A control that knows when an Application's state will next change (the lab does), so waits need not poll.
    /// </summary>
    public interface IStateChangeHint
    {
        DateTime? NextChangeUtc(OrsApplication app);
    }

    /// <summary>
    /// Installs a version of ORS for an Application (the lab, a script block, or Genesys silent setup).
    /// </summary>
    public interface IInstaller
    {
        string Description { get; }
        void Install(OrsApplication app, string version, string exportFolder);
    }

    /// <summary>An operation the control refused or that failed, naming the Application.</summary>
    public sealed class OrsControlException : OrsException
    {
        public OrsControlException(string errorId, string message, object target, Exception inner = null)
            : base(errorId, OrsErrorKind.InvalidOperation, message, target, inner) { }
    }
}
