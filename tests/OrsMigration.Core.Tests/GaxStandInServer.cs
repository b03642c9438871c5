using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;

namespace OrsMigration.Tests
{
    /// <summary>Runs tests/GaxStandIn (the GAX REST stand-in) over a folder of stores on a free loopback port.</summary>
    public sealed class GaxStandInServer : IDisposable
    {
        private readonly Process _process;

        public GaxStandInServer(string storesRoot, string extraArgs = "", bool https = false)
        {
            Port = CqlTestServer.FreePort();
            string dll = Path.Combine(RepoRoot(), "tests", "GaxStandIn", "bin", Configuration(), "net10.0", "GaxStandIn.dll");
            string certArgs = "";
            if (https)
            {
                var (cert, key) = CqlTestServer.MakeCertificate(TestPaths.NewTempDir());
                string pfx = Path.ChangeExtension(cert, ".pfx");
                Process.Start(new ProcessStartInfo("openssl", $"pkcs12 -export -out \"{pfx}\" -inkey \"{key}\" -in \"{cert}\" -passout pass:") { UseShellExecute = false }).WaitForExit();
                certArgs = $" --cert \"{pfx}\"";
            }
            var info = new ProcessStartInfo("dotnet", $"\"{dll}\" --root \"{storesRoot}\" --port {Port} {extraArgs}{certArgs}")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            _process = Process.Start(info);
            string line = _process.StandardOutput.ReadLine();
            if (line != "READY") throw new InvalidOperationException("The GAX stand-in did not start: " + line + _process.StandardError.ReadToEnd());
            BaseUri = new Uri($"{(https ? "https" : "http")}://127.0.0.1:{Port}");
        }

        public int Port { get; }
        public Uri BaseUri { get; }
        public Uri Store(string name) => new Uri(BaseUri, "/s/" + name);

        /// <summary>How many requests of each method the stand-in served.</summary>
        public Newtonsoft.Json.Linq.JObject Stats()
        {
            using (var http = new HttpClient())
                return Newtonsoft.Json.Linq.JObject.Parse(http.GetStringAsync(new Uri(BaseUri, "/stats")).Result);
        }

        private static string Configuration() =>
            AppContext.BaseDirectory.Replace('\\', '/').Contains("/Debug/") ? "Debug" : "Release";

        private static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "build.ps1"))) dir = dir.Parent;
            return dir.FullName;
        }

        public void Dispose()
        {
            try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
