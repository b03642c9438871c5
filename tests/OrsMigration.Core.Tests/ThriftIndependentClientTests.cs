using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Thrift;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>The stand-in speaks Cassandra's Thrift: clients that share no code with it agree (ApacheThrift: ThriftOracleTests).</summary>
    public class ThriftIndependentClientTests
    {
        private static string Run(string file, string arguments, string workingDirectory = null)
        {
            var info = new ProcessStartInfo(file, arguments)
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
            if (workingDirectory != null) info.Environment["NODE_PATH"] = Path.Combine(workingDirectory, "node_modules");
            using (var p = Process.Start(info))
            {
                string output = p.StandardOutput.ReadToEnd(), error = p.StandardError.ReadToEnd();
                if (!p.WaitForExit(60000)) { p.Kill(); throw new TimeoutException(file + " did not finish"); }
                if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({p.ExitCode}): {error}");
                return output;
            }
        }

        [Fact]
        public void ThriftpyParsingTheDefinitionItselfReadsTheRing()
        {
            using (var s = new ThriftStandIn(3, "1.1.12", ThriftStandIn.Random, ThriftStandIn.Sessions(60)))
            {
                string script = Path.Combine(TestPaths.RepoRoot, "tests", "thrift", "thriftpy_client.py");
                string definition = Path.Combine(TestPaths.ThriftOut, "cassandra.thrift");
                var lines = Run(CqlTestServer.Python, $"\"{script}\" \"{definition}\" {s.Hosts[2]} {s.Port} Orchestration")
                    .Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(new[] { "19.33.0", "3", "60" }, lines);
            }
        }

        [Fact]
        public async Task HelenusReadsTheRowTheModuleFound()
        {
            using (var s = new ThriftStandIn(3, "1.1.12", ThriftStandIn.Random, ThriftStandIn.Sessions(20, 244)))
            {
                var pool = new ThriftPool(new ThriftConnectOptions { Port = s.Port }, "Orchestration");
                var client = await pool.OpenAsync(s.Hosts[0], "Orchestration", CancellationToken.None);
                var rows = await client.GetRangeSlicesAsync("SessionIDServerInfo", new SlicePredicate(),
                    new KeyRange { StartToken = "-1", EndToken = "170141183460469231731687303715884105728", Count = 5 },
                    ThriftConsistency.One, CancellationToken.None);
                string key = Encoding.UTF8.GetString(rows[0].Key);
                string npm = Path.Combine(TestPaths.ThriftOut, "npm");
                string script = Path.Combine(TestPaths.RepoRoot, "tests", "thrift", "helenus_client.js");
                Assert.Equal("244", Run("node", $"\"{script}\" {s.Hosts[0]} {s.Port} Orchestration {key}", npm).Trim());
            }
        }
    }
}
