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
        /// <summary>Stopped between steps (Ctrl+C); resumable.</summary>
        Stopped,
    }

    public enum NodeOutcome { Pending, Upgraded, Failed }
}
