using System;
using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using OrsMigration.Config;

namespace OrsMigration.Commands
{
    /// <summary>The current connections, one per runspace, so parallel runspaces do not share them by accident.</summary>
    internal static class ConnectionRegistry
    {
        private static readonly ConcurrentDictionary<Guid, OrsConfigConnection> ConfigConnections = new ConcurrentDictionary<Guid, OrsConfigConnection>();
        private static readonly ConcurrentDictionary<Guid, Persistence.OrsCassandraSession> CassandraSessions = new ConcurrentDictionary<Guid, Persistence.OrsCassandraSession>();

        public static Persistence.OrsCassandraSession CurrentCassandra
        {
            get => CassandraSessions.TryGetValue(Key, out var s) && s.IsOpen ? s : null;
            set
            {
                if (value == null) CassandraSessions.TryRemove(Key, out _);
                else CassandraSessions[Key] = value;
            }
        }

        private static Guid Key => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

        public static OrsConfigConnection CurrentConfig
        {
            get => ConfigConnections.TryGetValue(Key, out var c) && c.IsOpen ? c : null;
            set
            {
                if (value == null) ConfigConnections.TryRemove(Key, out _);
                else ConfigConnections[Key] = value;
            }
        }
    }
}
