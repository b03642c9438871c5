using System;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using OrsMigration.Config;
using OrsMigration.Util;

namespace OrsMigration.Lab
{
    /// <summary>Store folders for a lab: a sample as it is, n nodes cloned from a sample's first HA pair, or an export folder's snapshots.</summary>
    public static class LabStoreBuilder
    {
        /// <summary>A copy of sample with its ORS Applications replaced by nodeCount Warm Standby pairs cloned from its first pair, in two data centers.</summary>
        public static string Generate(string sample, int nodeCount, string target)
        {
            if (nodeCount < 1 || nodeCount > 500) throw new OrsException("LabNodeCount", OrsErrorKind.InvalidArgument, "-NodeCount must be between 1 and 500.", nodeCount);
            var repo = new ConfigRepository(new FileConfigStore(sample));
            var template = Cluster.ClusterReader.Read(repo).Nodes.FirstOrDefault(n => n.Backup != null)
                ?? throw new OrsException("LabTemplateMissing", OrsErrorKind.InvalidData, $"The sample '{sample}' has no ORS HA pair to clone nodes from.", sample);
            Copy(sample, target, skipDbids: Directory.GetFiles(Path.Combine(sample, CfgTypes.Application), "*.json")
                .Where(f => Json.ParseObject(File.ReadAllText(f))["subtype"]?.ToString() == "CFGOrchestrationServer").Select(Path.GetFileName).ToArray());
            int firstDbid = 1000;
            var names = Enumerable.Range(1, nodeCount).Select(i => $"ORS_{(i % 2 == 1 ? "DC1" : "DC2")}_{(i + 1) / 2:00}").ToList();
            var cluster = new JArray(names.Select((n, i) => new JObject { ["section"] = "cluster", ["key"] = n, ["value"] = i % 2 == 0 ? "DC1" : "DC2" }));
            for (int i = 0; i < nodeCount; i++)
            {
                int primary = firstDbid + 2 * i, backup = primary + 1;
                Write(target, Clone(template.Primary, primary, names[i], backup, cluster));
                Write(target, Clone(template.Backup, backup, names[i] + "_Backup", 0, cluster));
            }
            return target;
        }

        /// <summary>A store made of an export folder's snapshots (the whole objects Export-OrsConfig saved).</summary>
        public static string FromExport(string exportFolder, string target)
        {
            var snapshots = Directory.Exists(exportFolder) ? Directory.GetFiles(exportFolder, "*.snapshot.json") : new string[0];
            if (snapshots.Length == 0)
                throw new OrsException("LabSourceNotFound", OrsErrorKind.NotFound, $"'{exportFolder}' holds no *.snapshot.json: give a folder written by Export-OrsConfig.", exportFolder);
            Directory.CreateDirectory(Path.Combine(target, CfgTypes.Application));
            foreach (var file in snapshots)
            {
                var json = Json.ParseObject(File.ReadAllText(file));
                File.WriteAllBytes(Path.Combine(target, CfgTypes.Application, (string)json["dbid"] + ".json"), FileConfigStore.Serialize(json));
            }
            return target;
        }

        private static JObject Clone(OrsApplication app, int dbid, string name, int backupDbid, JArray cluster)
        {
            var json = ApplicationMapper.ToJson(app);
            json["dbid"] = dbid.ToString();
            json["name"] = name;
            json["backupserverdbid"] = backupDbid.ToString();
            json["commandlinearguments"] = "-app " + name;
            var options = ((JArray)json["options"]["property"]).OfType<JObject>().Where(p => (string)p["section"] != "cluster").ToList();
            foreach (var p in options.Where(p => (string)p["section"] == "log" && (string)p["key"] == "all")) p["value"] = "stdout, /var/log/genesys/" + name;
            json["options"]["property"] = new JArray(options.Concat(cluster.Select(c => c.DeepClone())));
            return json;
        }

        private static void Write(string store, JObject json) =>
            File.WriteAllBytes(Path.Combine(store, CfgTypes.Application, (string)json["dbid"] + ".json"), FileConfigStore.Serialize(json));

        private static void Copy(string from, string to, string[] skipDbids)
        {
            Directory.CreateDirectory(to);
            foreach (var f in Directory.GetFiles(from))
                if (!skipDbids.Contains(Path.GetFileName(f)) || !from.EndsWith(CfgTypes.Application, StringComparison.Ordinal)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)), true);
            foreach (var d in Directory.GetDirectories(from)) Copy(d, Path.Combine(to, Path.GetFileName(d)), skipDbids);
        }
    }
}
