using System;
using System.IO;

namespace OrsMigration.Control
{
    /// <summary>
    /// Installs through Genesys IP silent setup: setup.exe /s /z"-s &lt;genesys_silent.ini&gt; -sl &lt;log&gt;" on
    /// Windows, install.sh -s -fr &lt;genesys_silent.ini&gt; on UNIX (as public installation scripts do; the
    /// ini's keys come from the IP's own template). {version} and {app} in the paths are replaced.
    /// </summary>
    public sealed class SilentSetupInstaller : IInstaller
    {
        public SilentSetupInstaller(string setupPath, string responseFile, string logFolder)
        {
            SetupPath = setupPath;
            ResponseFile = responseFile;
            LogFolder = logFolder ?? Path.GetTempPath();
        }

        public string SetupPath { get; }
        public string ResponseFile { get; }
        public string LogFolder { get; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
        public string Description => "silent setup " + SetupPath;

        public void Install(OrsApplication app, string version, string exportFolder)
        {
            string setup = Expand(SetupPath, app, version);
            string ini = Expand(ResponseFile, app, version);
            if (!File.Exists(setup))
                throw new OrsControlException("SetupNotFound",
                    $"The installation package '{setup}' for {version} does not exist.", setup);
            if (!File.Exists(ini))
                throw new OrsControlException("SetupNotFound",
                    $"The silent-setup response file '{ini}' does not exist.", ini);
            Directory.CreateDirectory(LogFolder);
            string log = Path.Combine(LogFolder, LogFileName(app, version));
            bool windows = setup.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);
            var (code, output) = windows
                ? ProcessRunner.RunCommandLine(setup, CommandLine.SilentSetupArguments(ini, log), Timeout)
                : ProcessRunner.Run(setup, new[] { "-s", "-fr", ini }, Timeout);
            if (code != 0)
                throw new OrsControlException("InstallFailed",
                    $"Silent setup of {version} for {app.Label} failed (exit code {code}): {output.Trim()} See {log}.",
                    app);
        }

        /// <summary>
        /// The setup log's file name: an Application name a file system refuses ("a/b", "CON") becomes
        /// a portable form, so a log never lands outside its folder.
        /// </summary>
        public static string LogFileName(OrsApplication app, string version) =>
            $"{Export.ExportFileName.Preferred(app.Name, app.Dbid)}-{version}-install.log";

        /// <summary>A setup or response-file path with {version} and {app} replaced (local or remote).</summary>
        public static string Expand(string template, OrsApplication app, string version) =>
            template.Replace("{version}", version).Replace("{app}", app.Name);
    }
}
