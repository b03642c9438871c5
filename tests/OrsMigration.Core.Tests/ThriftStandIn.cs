using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace OrsMigration.Tests
{
    /// <summary>
    /// Starts tests/thrift/thrift_stand_in.py (Cassandra's Thrift interface, generated from
    /// cassandra.thrift and served by python3-thrift) on 127.0.0.1, .2, .3 ... at one port.
    /// </summary>
    public sealed class ThriftStandIn : IDisposable
    {
        public const string Random = "org.apache.cassandra.dht.RandomPartitioner";
        public const string Murmur3 = "org.apache.cassandra.dht.Murmur3Partitioner";
        private readonly Process _process;

        public ThriftStandIn(int nodes = 3, string release = "1.1.12", string partitioner = Random, JObject extra = null)
        {
            var config = new JObject
            {
                ["nodes"] = new JArray(Enumerable.Range(0, nodes).Select(i => new JObject
                {
                    ["address"] = $"127.0.0.{i + 1}", ["dc"] = i % 3 == 2 ? "DC2" : "DC1",
                })),
                ["release"] = release,
                ["interface"] = release.StartsWith("1.1") ? "19.33.0" : release.StartsWith("1.2") ? "19.36.2" : "20.1.0",
                ["partitioner"] = partitioner,
                ["keyspaces"] = new JObject
                {
                    ["Orchestration"] = new JObject
                    {
                        ["class"] = "org.apache.cassandra.locator.NetworkTopologyStrategy",
                        ["options"] = new JObject { ["DC1"] = "2", ["DC2"] = "1" },
                    },
                },
            };
            if (extra != null) config.Merge(extra, new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Replace });
            Config = config;
            string file = Path.Combine(TestPaths.NewTempDir(), "thrift.json");
            File.WriteAllText(file, config.ToString());
            string gen = Path.Combine(TestPaths.ThriftOut, "gen-py");
            var info = new ProcessStartInfo(CqlTestServer.Python, $"\"{Script}\" \"{gen}\" \"{file}\" --seconds 300")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            _process = Process.Start(info);
            string line = _process.StandardOutput.ReadLine();
            if (line == null || !line.StartsWith("READY "))
                throw new InvalidOperationException("The Thrift stand-in did not start: " + line + _process.StandardError.ReadToEnd());
            var ready = JObject.Parse(line.Substring(6));
            Port = (int)ready["port"];
            Hosts = ready["nodes"].Select(n => (string)n).ToList();
        }

        public static string Script => Path.Combine(TestPaths.RepoRoot, "tests", "thrift", "thrift_stand_in.py");
        public JObject Config { get; }
        public int Port { get; }
        public IReadOnlyList<string> Hosts { get; }

        /// <summary>Config for ORS sessions in the Orchestration keyspace.</summary>
        public static JObject Sessions(int count, params int[] nodeIds) =>
            new JObject { ["ors"] = new JObject { ["sessions"] = count, ["node_ids"] = new JArray(nodeIds.Length > 0 ? nodeIds : new[] { 240 }) } };

        public void Dispose()
        {
            try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
