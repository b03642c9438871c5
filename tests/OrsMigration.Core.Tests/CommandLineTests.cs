using System.Diagnostics;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using OrsMigration.Control;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>Windows command lines by the MSVCRT rules, checked on exact strings (Windows cannot run here).</summary>
    public class CommandLineTests
    {
        [Theory]
        [InlineData("plain", "plain")]
        [InlineData("", "\"\"")]
        [InlineData(@"C:\Program Files\GCTI\ors", "\"C:\\Program Files\\GCTI\\ors\"")]
        [InlineData(@"C:\path with space\", "\"C:\\path with space\\\\\"")]
        [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
        [InlineData(@"a\\""b", "\"a\\\\\\\\\\\"b\"")]
        [InlineData(@"C:\no\spaces\", @"C:\no\spaces\")]
        public void EachArgumentIsQuotedByTheMsvcrtRules(string argument, string expected) =>
            Assert.Equal(expected, CommandLine.Quote(argument));

        [Fact]
        public void TheSilentSetupLineIsExactlyWhatSetupExeExpects()
        {
            Assert.Equal("/s /z\"-s 'C:\\IP\\ORS 8.1.4\\genesys_silent.ini' -sl 'C:\\Logs\\ors install.log'\"",
                CommandLine.SilentSetupArguments(@"C:\IP\ORS 8.1.4\genesys_silent.ini", @"C:\Logs\ors install.log"));
            Assert.Equal("/s /z\"-s 'D:\\ip\\silent.ini' -sl 'D:\\logs\\'\"", CommandLine.SilentSetupArguments(@"D:\ip\silent.ini", @"D:\logs\"));
            Assert.Equal("OrsMigration.SetupPathUnsupported",
                Assert.Throws<OrsControlException>(() => CommandLine.SilentSetupArguments(@"C:\O'Brien\silent.ini", @"C:\l.log")).ErrorId);
            Assert.Throws<OrsControlException>(() => CommandLine.SilentSetupArguments(@"C:\ip\silent.ini", "C:\\\"x\".log"));
        }

#if !NETFRAMEWORK
        // On Windows the started program splits its own command line (the MSVCRT rules, which .NET on Linux
        // copies before exec); Mono splits by other rules, so this says nothing about Windows there.
        [Fact]
        public void AProgramSplittingByTheSameRulesGetsEveryArgumentBack()
        {
            var args = new[] { "plain", "", "with space", "trailing\\", "sp ace\\\\", "q\"uote", "\\\"", "tab\there", "C:\\a b\\c\\" };
            string script = Path.Combine(TestPaths.NewTempDir(), "argv.py");
            File.WriteAllText(script, "import sys, json\nprint(json.dumps(sys.argv[1:]))\n");
            // .NET on Linux splits a command line by the MSVCRT rules before exec, as Windows programs do themselves.
            var info = new ProcessStartInfo(CqlTestServer.Python, CommandLine.Quote(script) + " " + CommandLine.Join(args))
            { RedirectStandardOutput = true, UseShellExecute = false };
            using (var p = Process.Start(info))
            {
                string output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                Assert.Equal(args, JArray.Parse(output).Select(t => (string)t).ToArray());
            }
        }
#endif
    }
}
