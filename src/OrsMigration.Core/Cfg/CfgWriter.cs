using System;
using System.Text;

namespace OrsMigration.Cfg
{
    /// <summary>
    /// Writes option files in Configuration Manager format. Refuses anything the format cannot
    /// carry (a line break in a value, a name the reader would read differently) rather than
    /// writing a file that would restore something else.
    /// </summary>
    public static class CfgWriter
    {
        public static byte[] ToBytes(OptionSet options, CfgFlavor flavor, CfgEncoding encoding = CfgEncoding.Utf8, string applicationLabel = null)
        {
            string text = ToText(options, flavor, applicationLabel);
            switch (encoding)
            {
                case CfgEncoding.Utf8Bom:
                    return Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Utf8(text, applicationLabel));
                case CfgEncoding.Windows1252:
                    var bytes = Windows1252.Encode(text, out char bad);
                    if (bytes == null)
                        throw new CfgWriteException($"{Subject(applicationLabel)}character U+{(int)bad:X4} '{bad}' cannot be written in Windows-1252; write the file as UTF-8.");
                    return bytes;
                default:
                    return Utf8(text, applicationLabel);
            }
        }

        public static string ToText(OptionSet options, CfgFlavor flavor, string applicationLabel = null)
        {
            string eol = flavor == CfgFlavor.Conf ? "\n" : "\r\n";
            var sb = new StringBuilder();
            foreach (var section in options)
            {
                CheckSectionName(section.Name, applicationLabel);
                sb.Append('[').Append(section.Name).Append(']').Append(eol);
                foreach (var option in section)
                {
                    CheckOption(section.Name, option, applicationLabel);
                    sb.Append(option.Name).Append('=').Append(option.Value).Append(eol);
                }
            }
            return sb.ToString();
        }

        private static void CheckSectionName(string name, string app)
        {
            if (name.Length == 0 || name.Trim() != name || HasLineBreak(name))
                throw new CfgWriteException($"{Subject(app)}section name '{Printable(name)}' cannot be written to an option file (empty, surrounded by spaces, or with a line break).");
        }

        private static void CheckOption(string section, OptionEntry option, string app)
        {
            string n = option.Name;
            if (n.Length == 0 || n.Trim() != n || n.IndexOf('=') >= 0 || HasLineBreak(n) || n[0] == ';' || n[0] == '#' || n[0] == '[')
                throw new CfgWriteException($"{Subject(app)}option name '{section}/{Printable(n)}' cannot be written to an option file: it would be read back differently (empty, spaces around it, '=', a line break, or a leading ';', '#' or '[').");
            if (HasLineBreak(option.Value))
                throw new CfgWriteException($"{Subject(app)}the value of option '{section}/{n}' contains a line break or NUL character, which an option file cannot hold. Change the value first.");
        }

        /// <summary>Strict: a lone surrogate is an error, never a silently substituted '?'.</summary>
        private static byte[] Utf8(string text, string app)
        {
            try { return new UTF8Encoding(false, true).GetBytes(text); }
            catch (EncoderFallbackException e)
            {
                throw new CfgWriteException($"{Subject(app)}the options hold text that is not valid Unicode ({e.Message}); fix the value first.");
            }
        }

        // NUL is refused too: the reader takes a NUL byte for a binary file.
        private static bool HasLineBreak(string s) => s.IndexOf('\r') >= 0 || s.IndexOf('\n') >= 0 || s.IndexOf('\0') >= 0;
        private static string Printable(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");
        private static string Subject(string app) => string.IsNullOrEmpty(app) ? string.Empty : app + ": ";

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var r = new byte[a.Length + b.Length];
            Buffer.BlockCopy(a, 0, r, 0, a.Length);
            Buffer.BlockCopy(b, 0, r, a.Length, b.Length);
            return r;
        }
    }
}
