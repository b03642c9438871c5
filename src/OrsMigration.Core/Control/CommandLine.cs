using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OrsMigration.Control
{
    /// <summary>
    /// Windows command lines. A Windows program receives one string and splits it itself; most do
    /// so by the MSVCRT rules (CommandLineToArgvW): quotes group, 2n backslashes before a quote
    /// are n backslashes and the quote counts, 2n+1 are n backslashes and a literal quote, and
    /// backslashes elsewhere are literal. InstallShield's setup.exe reads its /z"..." itself.
    /// </summary>
    public static class CommandLine
    {
        /// <summary>The arguments joined so that an MSVCRT program gets exactly them back.</summary>
        public static string Join(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(Quote));

        public static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0) return argument;
            var sb = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\') { backslashes++; continue; }
                // Backslashes before a quote are doubled, and the quote escaped; elsewhere they stay as they are.
                sb.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes).Append(c);
                backslashes = 0;
            }
            // Before the closing quote, every backslash is doubled so none escapes it.
            return sb.Append('\\', backslashes * 2).Append('"').ToString();
        }

        /// <summary>
        /// Genesys IP silent setup on Windows: /s /z"-s '&lt;ini&gt;' -sl '&lt;log&gt;'". The paths sit in single
        /// quotes inside setup.exe's /z"...", where neither quote character can be written: such a path is refused.
        /// </summary>
        public static string SilentSetupArguments(string responseFile, string logFile)
        {
            foreach (var path in new[] { responseFile, logFile })
                if (path.IndexOf('\'') >= 0 || path.IndexOf('"') >= 0)
                    throw new OrsControlException("SetupPathUnsupported",
                        $"'{path}' holds a quote, which setup.exe's /z\"-s '...' -sl '...'\" cannot carry. " +
                        "Use a path without quotes.", path);
            string inner = $"-s '{responseFile}' -sl '{logFile}'";
            return "/s /z\"" + inner + "\"";
        }
    }
}
