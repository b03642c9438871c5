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
        private static readonly ConcurrentDictionary<Guid, Persistence.OrsSessionSource> SessionSources = new ConcurrentDictionary<Guid, Persistence.OrsSessionSource>();

        private static readonly ConcurrentDictionary<Guid, Control.OrsServerControl> Controls = new ConcurrentDictionary<Guid, Control.OrsServerControl>();

        public static Control.OrsServerControl CurrentControl
        {
            get => Controls.TryGetValue(Key, out var c) ? c : null;
            set
            {
                if (value == null) Controls.TryRemove(Key, out _);
                else Controls[Key] = value;
            }
        }

        public static Persistence.OrsSessionSource CurrentSessions
        {
            get => SessionSources.TryGetValue(Key, out var s) && s.IsOpen ? s : null;
            set
            {
                if (value == null) SessionSources.TryRemove(Key, out _);
                else SessionSources[Key] = value;
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
