using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace OrsMigration.Cfg
{
    /// <summary>
    /// Reads Configuration Manager / GAX option exports (.cfg, .conf). Strict on purpose: an
    /// export is a rollback point, so anything ambiguous is an error naming file and line
    /// instead of a guess.
    /// </summary>
    public static class CfgReader
    {
        public static CfgDocument ReadFile(string path)
        {
            byte[] bytes;
            try
            {
                bytes = Util.AtomicFile.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CfgFormatException(path, 0, "cannot be read: " + e.Message);
            }
            return Parse(bytes, path);
        }

        public static CfgDocument Parse(byte[] bytes, string source)
        {
            var text = Decode(bytes, source, out var encoding);
            var lines = SplitLines(text, out var firstBreak);
            var flavor = firstBreak == null ? CfgDocument.FlavorFromPath(source)
                : firstBreak == "\r\n" ? CfgFlavor.Cfg : CfgFlavor.Conf;
            return new CfgDocument(ParseLines(lines, source), flavor, encoding, source);
        }

        private static string Decode(byte[] bytes, string source, out CfgEncoding encoding)
        {
            RefuseWideUnicode(bytes, source);
            int nul = Array.IndexOf(bytes, (byte)0);
            if (nul >= 0)
                throw new CfgFormatException(source, LineOfOffset(bytes, nul),
                    "contains a NUL byte: this is not a text option file (binary, or saved as UTF-16 without a byte " +
                    "order mark).");
            bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            int offset = bom ? 3 : 0;
            try
            {
                var strict = new UTF8Encoding(false, true);
                encoding = bom ? CfgEncoding.Utf8Bom : CfgEncoding.Utf8;
                return strict.GetString(bytes, offset, bytes.Length - offset);
            }
            catch (DecoderFallbackException)
            {
                if (bom)
                    throw new CfgFormatException(source, FirstInvalidUtf8Line(bytes, offset),
                        "starts with a UTF-8 byte order mark but this line is not valid UTF-8. Save the file as " +
                        "UTF-8 again.");
                RefuseMixedEncoding(bytes, source);
                encoding = CfgEncoding.Windows1252;
                return Windows1252.Decode(bytes, 0);
            }
        }

        /// <summary>
        /// Windows-1252 only when the whole file reads sensibly as such: no UTF-8 characters
        /// elsewhere in it (a UTF-8 file with a damaged byte would come out as mojibake), and no
        /// byte that Windows-1252 leaves undefined.
        /// </summary>
        private static void RefuseMixedEncoding(byte[] bytes, string source)
        {
            int bad = FirstInvalidUtf8Line(bytes, 0);
            if (HasUtf8Sequence(bytes))
                throw new CfgFormatException(source, bad,
                    "is not valid UTF-8 on this line while other lines hold UTF-8 characters: the file is damaged " +
                    "or mixes " +
                    "encodings, and reading it as Windows-1252 would garble them. Repair the line or save the file " +
                    "as UTF-8 again.");
            for (int i = 0; i < bytes.Length; i++)
                if (bytes[i] == 0x81 || bytes[i] == 0x8D || bytes[i] == 0x8F || bytes[i] == 0x90 || bytes[i] == 0x9D)
                    throw new CfgFormatException(source, LineOfOffset(bytes, i),
                        $"is neither UTF-8 nor Windows-1252: byte 0x{bytes[i]:X2} is undefined in Windows-1252. " +
                        "Save the file as UTF-8.");
        }

        /// <summary>Whether the bytes hold at least one well-formed multi-byte UTF-8 character.</summary>
        internal static bool HasUtf8Sequence(byte[] b)
        {
            for (int i = 0; i < b.Length; i++)
            {
                int n = b[i] >= 0xC2 && b[i] <= 0xDF ? 1 : b[i] >= 0xE0 && b[i] <= 0xEF ? 2 : b[i] >= 0xF0
                    && b[i] <= 0xF4 ? 3 : 0;
                if (n == 0) continue;
                bool ok = true;
                for (int k = 1; k <= n && ok; k++) ok = i + k < b.Length && (b[i + k] & 0xC0) == 0x80;
                if (ok) return true;
            }
            return false;
        }

        private static void RefuseWideUnicode(byte[] b, string source)
        {
            bool utf32 = b.Length >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) ||
                                           (b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF));
            bool utf16 = !utf32 && b.Length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
            if (utf16 || utf32)
                throw new CfgFormatException(source, 1,
                    $"is encoded as {(utf32 ? "UTF-32" : "UTF-16")}; option files must be UTF-8 or Windows-1252. " +
                    "Save it as UTF-8 and try again.");
        }

        private static int FirstInvalidUtf8Line(byte[] bytes, int offset)
        {
            var strict = new UTF8Encoding(false, true);
            int line = 1, start = offset;
            for (int i = offset; i <= bytes.Length; i++)
            {
                if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
                try { strict.GetString(bytes, start, i - start); }
                catch (DecoderFallbackException) { return line; }
                line++;
                start = i + 1;
            }
            return 1;
        }

        private static int LineOfOffset(byte[] bytes, int offset)
        {
            int line = 1;
            for (int i = 0; i < offset; i++)
                if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n'))) line++;
            return line;
        }

        /// <summary>Splits on CRLF, LF or a lone CR; reports the first line break seen.</summary>
        private static List<string> SplitLines(string text, out string firstBreak)
        {
            var lines = new List<string>();
            firstBreak = null;
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c != '\r' && c != '\n') continue;
                string brk = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : c.ToString();
                firstBreak = firstBreak ?? brk;
                lines.Add(text.Substring(start, i - start));
                i += brk.Length - 1;
                start = i + 1;
            }
            if (start < text.Length) lines.Add(text.Substring(start));
            return lines;
        }

        private static OptionSet ParseLines(List<string> lines, string source)
        {
            var options = new OptionSet();
            OptionSection current = null;
            var sectionLines = new Dictionary<string, int>(StringComparer.Ordinal);
            var optionLines = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < lines.Count; i++)
            {
                int lineNo = i + 1;
                string line = lines[i];
                string trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed[0] == ';' || trimmed[0] == '#') continue;
                if (trimmed[0] == '[')
                {
                    string name = SectionName(trimmed, source, lineNo);
                    if (sectionLines.TryGetValue(name, out int first))
                        throw new CfgFormatException(source, lineNo,
                            $"section [{name}] appears again (first at line {first}); merge its options into one " +
                            "section.");
                    sectionLines[name] = lineNo;
                    current = options.GetOrAddSection(name);
                    continue;
                }
                AddOption(line, current, optionLines, source, lineNo);
            }
            return options;
        }

        private static string SectionName(string trimmed, string source, int lineNo)
        {
            int close = trimmed.IndexOf(']');
            if (close < 0)
                throw new CfgFormatException(source, lineNo, $"section line '{trimmed}' has no closing ']'.");
            if (!trimmed.EndsWith("]", StringComparison.Ordinal))
                throw new CfgFormatException(source, lineNo,
                    $"text after the closing ']' of section line '{trimmed}'; put options on their own lines.");
            string name = trimmed.Substring(1, trimmed.Length - 2).Trim();
            if (name.Length == 0)
                throw new CfgFormatException(source, lineNo, "empty section name '[]'; every section needs a name.");
            return name;
        }

        private static void AddOption(string line, OptionSection current, Dictionary<string, int> optionLines, string source, int lineNo)
        {
            int eq = line.IndexOf('=');
            if (eq < 0)
                throw new CfgFormatException(source, lineNo,
                    $"'{Shorten(line.Trim())}' is not an option line: expected option=value (a comment starts with " +
                    "';' or '#').");
            string name = line.Substring(0, eq).Trim();
            string value = line.Substring(eq + 1);
            if (name.Length == 0)
                throw new CfgFormatException(source, lineNo, "option line has no name before '='.");
            if (current == null)
                throw new CfgFormatException(source, lineNo,
                    $"option '{name}' comes before any [section] line; every option belongs to a section.");
            string key = current.Name + "\n" + name;
            if (optionLines.TryGetValue(key, out int first))
                throw new CfgFormatException(source, lineNo,
                    $"option '{name}' appears twice in section [{current.Name}] (first at line {first}); keep the " +
                    "one you mean and delete the other.");
            optionLines[key] = lineNo;
            current.Set(name, value);
        }

        private static string Shorten(string s) => s.Length <= 60 ? s : s.Substring(0, 57) + "...";
    }
}
