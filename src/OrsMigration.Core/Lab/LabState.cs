using System;
using System.Collections.Generic;
using OrsMigration.Control;

namespace OrsMigration.Lab
{
    /// <summary>One simulated ORS process.</summary>
    public sealed class LabProcess
    {
        public int Dbid { get; set; }
        public string Name { get; set; }
        /// <summary>The node (primary's DBID) this Application belongs to.</summary>
        public int NodeId { get; set; }
        public OrsRunState Status { get; set; } = OrsRunState.Running;
        public OrsRunMode Mode { get; set; }
        public string Version { get; set; }
        /// <summary>An operation under way (start, stop, switchover) completes at DoneAt (lab seconds).</summary>
        public string Pending { get; set; }
        public double DoneAt { get; set; }
    }

    /// <summary>A persisted session: created on its node's primary, ended at End (lab seconds).</summary>
    public sealed class LabSession
    {
        public string Id { get; set; }
        public int NodeId { get; set; }
        public int Owner { get; set; }
        public double Start { get; set; }
        public double End { get; set; }
    }

    public sealed class LabFault
    {
        public string Application { get; set; }
        public string Fault { get; set; }
        public int Remaining { get; set; } = 1;
    }

    public sealed class LabStats
    {
        public long Created { get; set; }
        public long Ended { get; set; }
        public long Carried { get; set; }
        public long Lost { get; set; }
    }

    /// <summary>Everything the lab is, kept in lab.json so separate PowerShell processes share one lab.</summary>
    public sealed class LabState
    {
        public int FormatVersion { get; set; } = 1;
        public DateTime CreatedUtc { get; set; }
        /// <summary>Lab seconds per wall-clock second: 60 runs an hour of traffic in a minute.</summary>
        public double TimeScale { get; set; } = 60;
        /// <summary>New sessions per lab second on each node's primary.</summary>
        public double SessionRate { get; set; } = 2;
        /// <summary>Mean session duration in lab seconds (exponentially distributed).</summary>
        public double MeanDuration { get; set; } = 180;
        /// <summary>Whether the strategies send _sendSessionRecovered: only then does a switchover carry sessions.</summary>
        public bool RecoverableStrategies { get; set; } = true;
        /// <summary>How long start, stop, switchover and installation take, in lab seconds (0: at once).</summary>
        public double OperationSeconds { get; set; }
        public double LastAdvance { get; set; }
        public double Pending { get; set; }
        public int Seed { get; set; } = 12345;
        public long Counter { get; set; }
        public List<LabProcess> Processes { get; set; } = new List<LabProcess>();
        public List<LabSession> Sessions { get; set; } = new List<LabSession>();
        public List<LabFault> Faults { get; set; } = new List<LabFault>();
        public List<string> LostSessionIds { get; set; } = new List<string>();
        public LabStats Stats { get; set; } = new LabStats();
    }
}
