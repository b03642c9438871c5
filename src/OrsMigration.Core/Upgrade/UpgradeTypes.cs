using System.Runtime.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace OrsMigration.Upgrade
{
    /// <summary>The steps of the guide's procedure, as the journal names them.</summary>
    [JsonConverter(typeof(StringEnumConverter))]
    public enum UpgradeStepKind
    {
        /// <summary>The run itself (run-started, run-finished).</summary>
        [EnumMember(Value = "run")] Run,
        [EnumMember(Value = "switchover")] Switchover,
        [EnumMember(Value = "stop")] Stop,
        [EnumMember(Value = "export")] Export,
        [EnumMember(Value = "install")] Install,
        [EnumMember(Value = "configure")] Configure,
        [EnumMember(Value = "set-version")] SetVersion,
        [EnumMember(Value = "start")] Start,
        /// <summary>An upgraded node's health gate: modes, sessions, the site's check.</summary>
        [EnumMember(Value = "health-gate")] Gate,
        /// <summary>The canaries watched before any other node starts (node 0).</summary>
        [EnumMember(Value = "soak")] Soak,
        /// <summary>A node put back on its previous version after its gate failed.</summary>
        [EnumMember(Value = "rollback")] Rollback,
        /// <summary>One invocation of the run (node 0): its stop points (window, node count).</summary>
        [EnumMember(Value = "invocation")] Invocation,
    }

    /// <summary>What a journal line records.</summary>
    [JsonConverter(typeof(StringEnumConverter))]
    public enum JournalEvent
    {
        [EnumMember(Value = "run-started")] RunStarted,
        [EnumMember(Value = "started")] Started,
        [EnumMember(Value = "succeeded")] Succeeded,
        [EnumMember(Value = "failed")] Failed,
        [EnumMember(Value = "rolled-back")] RolledBack,
        [EnumMember(Value = "run-finished")] RunFinished,
    }

    public enum UpgradeOutcome
    {
        /// <summary>Every node was upgraded.</summary>
        Succeeded,
        /// <summary>
        /// A step failed; its Application was restored as far as the report says; the run can be resumed.
        /// </summary>
        Failed,
        /// <summary>Stopped between nodes or steps (Ctrl+C, -StopAfterNodes, -StopAfter); resumable.</summary>
        Stopped,
        /// <summary>
        /// Every node was tried; some failed (each restored) within -MaxFailedNodes; -Resume tries them again.
        /// </summary>
        CompletedWithFailures,
    }

    /// <summary>Where a node ended: RolledBack when its health gate failed and it was put back as found.</summary>
    public enum NodeOutcome { Pending, Upgraded, Failed, RolledBack }
}
