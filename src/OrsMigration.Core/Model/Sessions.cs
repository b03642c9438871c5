using System;

namespace OrsMigration
{
    /// <summary>An SCXML session ORS has persisted, with the node that owns it.</summary>
    public sealed class OrsPersistedSession
    {
        public string SessionId { get; set; }
        /// <summary>The owning node's id: its primary Application's DBID (0 when the store does not say).</summary>
        public int NodeId { get; set; }
        public string ServerName { get; set; }
        public DateTimeOffset? LastUpdated { get; set; }
        public long SizeBytes { get; set; }
        public override string ToString() => $"{SessionId} on node {NodeId}";
    }

    /// <summary>How many persisted sessions a node owns (NodeId 0: all nodes together).</summary>
    public sealed class OrsSessionCount
    {
        public int NodeId { get; set; }
        public long Count { get; set; }
        public DateTimeOffset MeasuredAt { get; set; } = DateTimeOffset.Now;
        public override string ToString() => $"node {NodeId}: {Count}";
    }
}
