using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace OrsMigration
{
    /// <summary>Application types the module names; anything else is Other and kept as it is.</summary>
    public enum OrsAppType
    {
        Any,
        OrchestrationServer,
        RouterServer,
        TServer,
        SipServer,
        InteractionServer,
        StatServer,
        ConfigServer,
        SolutionControlServer,
        MessageServer,
        DbServer,
        LocalControlAgent,
        Other
    }

    /// <summary>Configuration Layer redundancy types (CfgHAType).</summary>
    public enum OrsRedundancyType
    {
        Unknown,
        NoHA,
        ColdStandby,
        WarmStandby,
        HotStandby
    }

    /// <summary>A listening port of an Application (Server Info / ports tab).</summary>
    public sealed class OrsPort
    {
        public string Id { get; set; }
        public int Port { get; set; }
        public override string ToString() => $"{Id}:{Port}";
    }

    /// <summary>A connection of an Application to a server (Connections tab).</summary>
    public sealed class OrsConnection
    {
        public int ServerDbid { get; set; }
        public string ServerName { get; set; }
        public string PortId { get; set; }
        public string Mode { get; set; }
        public override string ToString() => ServerName ?? ServerDbid.ToString();
    }

    /// <summary>
    /// A Configuration Layer Application (CfgApplication) as the module sees it. The object read
    /// from the store is kept too, so a write changes only the fields the module models and
    /// everything else (command line, tenants, annex…) survives untouched.
    /// </summary>
    public sealed class OrsApplication
    {
        public OrsApplication() { }

        /// <summary>
        /// A reference by name only, as PowerShell makes one from a string or a property such as
        /// ApplicationName; cmdlets look up the real Application before they use it.
        /// </summary>
        public OrsApplication(string name) { Name = name; }

        /// <summary>True for objects read from a store; false for references PowerShell built from input.</summary>
        internal bool FromStore { get; set; }

        public int Dbid { get; set; }
        public string Name { get; set; }
        public OrsAppType Type { get; set; }
        /// <summary>The Configuration Layer subtype, e.g. CFGOrchestrationServer.</summary>
        public string SubType { get; set; }
        public string Version { get; set; }
        public int HostDbid { get; set; }
        public string HostName { get; set; }
        public int Port { get; set; }
        public string State { get; set; }
        /// <summary>The backup Application's DBID (0 when none), as the primary's backupserverdbid.</summary>
        public int BackupDbid { get; set; }
        public OrsRedundancyType RedundancyType { get; set; }
        public List<OrsPort> Ports { get; set; } = new List<OrsPort>();
        public List<OrsConnection> Connections { get; set; } = new List<OrsConnection>();
        public OptionSet Options { get; set; } = new OptionSet();
        /// <summary>The Annex (user properties): data for tools, which ORS does not read as options.</summary>
        public OptionSet Annex { get; set; } = new OptionSet();

        /// <summary>Where the object came from (the store's description).</summary>
        public string Source { get; set; }

        /// <summary>The stored object's revision when read; a write based on another revision is refused.</summary>
        public string Revision { get; set; }

        /// <summary>The stored representation this object was read from (GAX JSON).</summary>
        internal JObject Stored { get; set; }

        public override string ToString() => $"{Name} (dbid {Dbid})";

        /// <summary>A copy whose lists and options can change without touching this object.</summary>
        public OrsApplication Clone()
        {
            var copy = (OrsApplication)MemberwiseClone();
            copy.Ports = Ports.ConvertAll(p => new OrsPort { Id = p.Id, Port = p.Port });
            copy.Connections = Connections.ConvertAll(c => new OrsConnection { ServerDbid = c.ServerDbid, ServerName = c.ServerName, PortId = c.PortId, Mode = c.Mode });
            copy.Options = Options.Clone();
            copy.Annex = Annex.Clone();
            return copy;
        }

        /// <summary>Takes over the state of a copy that was saved, so the caller's object stays current.</summary>
        internal void CopyFrom(OrsApplication saved)
        {
            Name = saved.Name; Version = saved.Version; HostDbid = saved.HostDbid; HostName = saved.HostName;
            Port = saved.Port; State = saved.State; BackupDbid = saved.BackupDbid; RedundancyType = saved.RedundancyType;
            Ports = saved.Ports; Connections = saved.Connections; Options = saved.Options; Annex = saved.Annex;
            Revision = saved.Revision; Stored = saved.Stored;
        }

        /// <summary>A label for messages: ORS_1 (dbid 104).</summary>
        public string Label => ToString();
    }
}
