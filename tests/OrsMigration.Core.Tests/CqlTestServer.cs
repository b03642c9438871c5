using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Newtonsoft.Json.Linq;

namespace OrsMigration.Tests
{
    /// <summary>
    /// Starts tests/cql/cql_test_server.py (the CQL server built on python3-cassandra's codec) with a
    /// generated config on free loopback ports, and stops it on Dispose.
    /// </summary>
    public sealed class CqlTestServer : IDisposable
    {
        public const string Python = "/usr/bin/python3";
        private readonly Process _process;

        public CqlTestServer(int nodes = 3, JObject extra = null, bool peersV2 = true, string[] dataCenters = null)
        {
            Folder = TestPaths.NewTempDir();
            var config = new JObject
            {
                ["nodes"] = new JArray(Enumerable.Range(0, nodes).Select(i => new JObject
                {
                    ["address"] = peersV2 ? "127.0.0.1" : $"127.0.0.{i + 1}",
                    ["port"] = peersV2 ? FreePort() : SharedPort,
                    ["dc"] = (dataCenters ?? new[] { "DC1", "DC1", "DC2" })[i % (dataCenters?.Length ?? 3)],
                })),
                ["peers_v2"] = peersV2,
                ["keyspaces"] = new JObject { ["Orchestration"] = new JObject { ["class"] = "org.apache.cassandra.locator.NetworkTopologyStrategy", ["DC1"] = "2", ["DC2"] = "2" } },
            };
            if (extra != null) config.Merge(extra, new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Replace });
            Config = config;
            string path = Path.Combine(Folder, "server.json");
            File.WriteAllText(path, config.ToString());
            var info = new ProcessStartInfo(Python, $"\"{Script}\" \"{path}\" --seconds 300")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            _process = Process.Start(info);
            string line = _process.StandardOutput.ReadLine();
            if (line == null || !line.StartsWith("READY "))
                throw new InvalidOperationException("The CQL test server did not start: " + line + _process.StandardError.ReadToEnd());
            Ready = JObject.Parse(line.Substring(6));
        }

        public static string Script => Path.Combine(AppContext.BaseDirectory, "cql", "cql_test_server.py");
        public string Folder { get; }
        public JObject Config { get; }
        public JObject Ready { get; }
        public IReadOnlyList<int> Ports => Config["nodes"].Select(n => (int)n["port"]).ToList();
        public string ContactPoint => $"{(string)Config["nodes"][0]["address"]}:{Ports[0]}";

        private static readonly int SharedPort = FreePort();

        public static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        /// <summary>A self-signed certificate for 127.0.0.1 made with openssl; returns (cert, key) paths.</summary>
        public static (string Cert, string Key) MakeCertificate(string folder,
            string names = "IP:127.0.0.1,DNS:localhost")
        {
            string cert = Path.Combine(folder, "cert.pem"), key = Path.Combine(folder, "key.pem");
            var p = Process.Start(new ProcessStartInfo("openssl",
                $"req -x509 -newkey rsa:2048 -nodes -keyout \"{key}\" -out \"{cert}\" -days 2 -subj /CN=localhost -addext subjectAltName={names}")
            { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false });
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("openssl failed: " + p.StandardError.ReadToEnd());
            return (cert, key);
        }

        /// <summary>Runs a Python snippet with Debian's interpreter (python3-cassandra) and returns its output.</summary>
        public static string RunPython(string code, string arguments = "")
        {
            string file = Path.Combine(TestPaths.NewTempDir(), "snippet.py");
            File.WriteAllText(file, code);
            var p = Process.Start(new ProcessStartInfo(Python, $"\"{file}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            string output = p.StandardOutput.ReadToEnd();
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("python failed: " + error);
            return output;
        }

        public void Dispose()
        {
            try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
