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

        /// <summary>
        /// Makes a configuration store current. A lab made current before goes with it: its control and
        /// session store must never act on, or count sessions for, the Applications of another store.
        /// Returns the lab that stopped being current, if any.
        /// </summary>
        public static Lab.OrsLab UseConfig(OrsConfigConnection connection)
        {
            CurrentConfig = connection;
            if (!(CurrentSessions is Lab.OrsLab lab) || lab.ConfigPath == connection.Location) return null;
            CurrentSessions = null;
            if (CurrentControl is Lab.LabControl) CurrentControl = null;
            return lab;
        }

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
