using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace OrsMigration.Config
{
    /// <summary>
    /// Maps between the GAX JSON of a CfgApplication and OrsApplication. Writing starts from the
    /// object as it was read, so fields the module does not model are kept byte for byte.
    /// </summary>
    internal static class ApplicationMapper
    {
        private static readonly Dictionary<string, OrsAppType> SubTypes = new Dictionary<string, OrsAppType>(StringComparer.OrdinalIgnoreCase)
        {
            ["CFGOrchestrationServer"] = OrsAppType.OrchestrationServer,
            ["CFGRouterServer"] = OrsAppType.RouterServer,
            ["CFGTServer"] = OrsAppType.TServer,
            ["CFGSIPServer"] = OrsAppType.SipServer,
            ["CFGInteractionServer"] = OrsAppType.InteractionServer,
            ["CFGStatServer"] = OrsAppType.StatServer,
            ["CFGConfigServer"] = OrsAppType.ConfigServer,
            ["CFGSCS"] = OrsAppType.SolutionControlServer,
            ["CFGMessageServer"] = OrsAppType.MessageServer,
            ["CFGDBServer"] = OrsAppType.DbServer,
            ["CFGLocalControlAgent"] = OrsAppType.LocalControlAgent,
        };

        private static readonly Dictionary<string, OrsRedundancyType> Redundancy = new Dictionary<string, OrsRedundancyType>(StringComparer.OrdinalIgnoreCase)
        {
            ["CFGHTNoHAType"] = OrsRedundancyType.NoHA,
            ["CFGHTColdStanby"] = OrsRedundancyType.ColdStandby,
            ["CFGHTWarmStanby"] = OrsRedundancyType.WarmStandby,
            ["CFGHTHotStanby"] = OrsRedundancyType.HotStandby,
        };

        public static OrsAppType TypeOf(string subtype) =>
            subtype != null && SubTypes.TryGetValue(subtype, out var t) ? t : OrsAppType.Other;

        public static string SubTypeOf(OrsAppType type) =>
            SubTypes.FirstOrDefault(kv => kv.Value == type).Key;

        public static string RedundancyName(OrsRedundancyType type) =>
            Redundancy.FirstOrDefault(kv => kv.Value == type).Key;

        public static OrsApplication FromObject(CfgObject obj, Func<int, string> hostName, Func<int, string> appName, string source)
        {
            var j = obj.Json;
            CheckScalars(obj);
            var app = new OrsApplication
            {
                FromStore = true,
                Dbid = obj.Dbid,
                Name = Str(j, "name") ?? throw Invalid(obj, "has no name"),
                SubType = Str(j, "subtype"),
                Version = Str(j, "version"),
                HostDbid = Int(obj, j, "hostdbid"),
                Port = Int(obj, j, "port"),
                State = Str(j, "state"),
                BackupDbid = Int(obj, j, "backupserverdbid"),
                Source = source,
                Revision = obj.Revision,
                Stored = (JObject)j.DeepClone(),
            };
            app.Type = TypeOf(app.SubType);
            app.RedundancyType = Str(j, "redundancytype") is string r && Redundancy.TryGetValue(r, out var rt) ? rt : OrsRedundancyType.Unknown;
            app.HostName = app.HostDbid > 0 ? hostName?.Invoke(app.HostDbid) : null;
            app.Ports = Items(j, "portinfos", "portinfo").Select(p => new OrsPort { Id = Str(p, "id"), Port = Int(obj,
                p, "port") }).ToList();
            app.Connections = Items(j, "appservers", "conninfo").Select(c => new OrsConnection
            {
                ServerDbid = Int(obj, c, "appserverdbid"),
                PortId = Str(c, "id"),
                Mode = Str(c, "mode"),
            }).ToList();
            foreach (var c in app.Connections) c.ServerName = appName?.Invoke(c.ServerDbid);
            app.Options = ReadOptions(j, obj, "options");
            app.Annex = ReadOptions(j, obj, "userproperties");
            return app;
        }

        /// <summary>
        /// The JSON to store for the application: what was read, with the modelled fields written over it.
        /// </summary>
        public static JObject ToJson(OrsApplication app)
        {
            var j = app.Stored != null ? (JObject)app.Stored.DeepClone() : new JObject();
            j["type"] = CfgTypes.Application;
            if (app.Dbid > 0) j["dbid"] = S(app.Dbid);
            j["name"] = app.Name;
            if (app.SubType != null) j["subtype"] = app.SubType;
            SetOrRemove(j, "version", app.Version);
            SetOrRemove(j, "state", app.State);
            j["hostdbid"] = S(app.HostDbid);
            j["port"] = S(app.Port);
            j["backupserverdbid"] = S(app.BackupDbid);
            if (app.RedundancyType != OrsRedundancyType.Unknown) j["redundancytype"] = RedundancyName(app.RedundancyType);
            WritePorts(j, app.Ports);
            WriteConnections(j, app.Connections);
            j["options"] = Properties(app.Options);
            // An object read without an Annex keeps having none unless one was added.
            if (j["userproperties"] != null || app.Annex.OptionCount > 0) j["userproperties"] = Properties(app.Annex);
            return j;
        }

        internal static JObject Properties(OptionSet set) =>
            new JObject { ["property"] = new JArray(set.Flatten().Select(o => new JObject { ["section"] = o.Section, ["key"] = o.Name, ["value"] = o.Value })) };

        internal static OptionSet ReadOptions(JObject j, CfgObject obj, string container)
        {
            var options = new OptionSet();
            foreach (var p in Items(j, container, "property"))
            {
                string section = Str(p, "section"), key = Str(p, "key");
                if (string.IsNullOrEmpty(section) || string.IsNullOrEmpty(key))
                    throw new OrsException("StoreObjectInvalid", OrsErrorKind.InvalidData,
                        $"{obj} has an {(container == "options" ? "option" : "Annex entry")} without a section or " +
                        "key; fix the object in Configuration Server or the store file.", obj);
                if (options.Contains(section, key))
                    throw new OrsException("StoreObjectInvalid", OrsErrorKind.InvalidData,
                        $"{obj} holds {(container == "options" ? "option" : "Annex entry")} '{section}/{key}' " +
                        "twice; fix the object before migrating it.", obj);
                options.Set(section, key, Str(p, "value") ?? string.Empty);
            }
            return options;
        }

        private static void WritePorts(JObject j, List<OrsPort> ports)
        {
            var old = Items(j, "portinfos", "portinfo").ToList();
            var list = ports.Select(p =>
            {
                var e = (JObject)(old.FirstOrDefault(o => Str(o, "id") == p.Id)?.DeepClone() ?? new JObject());
                e["id"] = p.Id;
                e["port"] = S(p.Port);
                return e;
            });
            j["portinfos"] = new JObject { ["portinfo"] = new JArray(list) };
        }

        private static void WriteConnections(JObject j, List<OrsConnection> connections)
        {
            var old = Items(j, "appservers", "conninfo").ToList();
            var list = connections.Select(c =>
            {
                var e = (JObject)(old.FirstOrDefault(o => Int(o, "appserverdbid") == c.ServerDbid && Str(o, "id") == c.PortId)?.DeepClone() ?? new JObject());
                e["appserverdbid"] = S(c.ServerDbid);
                e["id"] = c.PortId ?? "default";
                if (c.Mode != null) e["mode"] = c.Mode;
                return e;
            });
            j["appservers"] = new JObject { ["conninfo"] = new JArray(list) };
        }

        internal static IEnumerable<JObject> Items(JObject j, string container, string list) =>
            (j[container] as JObject)?[list] is JArray a ? a.OfType<JObject>() : Enumerable.Empty<JObject>();

        internal static string Str(JObject j, string key) => j[key] is JValue v && v.Value != null ? Convert.ToString(v.Value, CultureInfo.InvariantCulture) : null;

        internal static int Int(JObject j, string key) =>
            int.TryParse(Str(j, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : 0;

        /// <summary>
        /// A number field of a stored object: absent or empty is 0; anything else that is not a
        /// whole number the module can hold is refused, so it is never written back as 0.
        /// </summary>
        private static int Int(CfgObject obj, JObject j, string key)
        {
            string text = Str(j, key);
            if (string.IsNullOrWhiteSpace(text)) return 0;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)) return v;
            throw Invalid(obj, $"has {key} '{Util.Redact.Text(text, null, 40)}', which is not a whole number from " +
                               $"{int.MinValue} to {int.MaxValue}; it is refused rather than rewritten");
        }

        /// <summary>
        /// The fields the module reads must be scalars: a malformed object is one error, never a crash.
        /// </summary>
        private static void CheckScalars(CfgObject obj)
        {
            foreach (var key in new[] { "name", "subtype", "version", "state", "hostdbid", "port", "backupserverdbid",
                "redundancytype" })
                if (obj.Json[key] != null && !(obj.Json[key] is JValue))
                    throw Invalid(obj, $"has a {obj.Json[key].Type} where its field '{key}' should be text");
        }

        private static OrsException Invalid(CfgObject obj, string what) =>
            new OrsException("StoreObjectInvalid", OrsErrorKind.InvalidData,
                $"{obj} {what}; fix the object in Configuration Server or the store file. The other objects are " +
                "read as usual.", obj);

        private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);

        private static void SetOrRemove(JObject j, string key, string value)
        {
            if (value == null) j.Remove(key); else j[key] = value;
        }
    }
}
