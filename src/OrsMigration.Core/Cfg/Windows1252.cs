using System.Text;

namespace OrsMigration.Cfg
{
    /// <summary>
    /// Windows-1252, the code page Configuration Manager writes on Western Windows. Done here
    /// because netstandard2.0 on .NET Core has no code-page encodings without an extra package.
    /// </summary>
    internal static class Windows1252
    {
        // 0x80..0x9F; the five bytes 1252 leaves undefined map to the C1 control of the same value.
        private static readonly char[] High =
        {
            '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
            '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
            '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
            '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
        };

        public static string Decode(byte[] bytes, int offset)
        {
            var sb = new StringBuilder(bytes.Length - offset);
            for (int i = offset; i < bytes.Length; i++)
            {
                byte b = bytes[i];
                sb.Append(b >= 0x80 && b <= 0x9F ? High[b - 0x80] : (char)b);
            }
            return sb.ToString();
        }

        /// <summary>Encodes, or returns null naming the first character 1252 cannot hold.</summary>
        public static byte[] Encode(string text, out char unrepresentable)
        {
            unrepresentable = '\0';
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) { bytes[i] = (byte)c; continue; }
                int index = System.Array.IndexOf(High, c);
                if (index < 0) { unrepresentable = c; return null; }
                bytes[i] = (byte)(0x80 + index);
            }
            return bytes;
        }
    }
}
