using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace OrsMigration.Control
{
    /// <summary>Runs an external tool with an argument list; secrets given are masked in anything it reports.</summary>
    internal static class ProcessRunner
    {
        public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, TimeSpan timeout,
            IEnumerable<string> secrets = null) =>
            RunCommandLine(file, CommandLine.Join(arguments), timeout, secrets);

        /// <summary>With a command line as the program is to see it (setup.exe parses its own /z"...").</summary>
        public static (int ExitCode, string Output) RunCommandLine(string file, string commandLine, TimeSpan timeout,
            IEnumerable<string> secrets = null)
        {
            var info = new ProcessStartInfo(file, commandLine)
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, CreateNoWindow = true };
            Process p;
            try { p = Process.Start(info); }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                throw new OrsControlException("ToolNotFound", $"Cannot run '{file}': {e.Message}", file, e);
            }
            using (p)
            {
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                if (!p.WaitForExit((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds)))
                {
                    try { p.Kill(); } catch (InvalidOperationException) { }
                    throw new OrsControlException("ToolTimeout", $"'{file}' did not finish within " +
                        $"{timeout.TotalSeconds:0} s.", file);
                }
                string output = Mask(stdout.Result + stderr.Result, secrets);
                return (p.ExitCode, output);
            }
        }

        public static string Mask(string text, IEnumerable<string> secrets)
        {
            return Util.Redact.Secrets(text, secrets);
        }
    }
}
