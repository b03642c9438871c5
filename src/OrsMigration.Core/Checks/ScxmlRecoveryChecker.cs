using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;

namespace OrsMigration.Checks
{
    /// <summary>
    /// Reports whether an SCXML strategy sets _sendSessionRecovered to true (without it a session
    /// may not recover after a switchover, per the migration guide) and whether _persist="false"
    /// keeps sessions from ever being persisted. What _sendSessionRecovered does beyond that is not
    /// documented publicly, so only presence, value and line are reported.
    /// </summary>
    public static class ScxmlRecoveryChecker
    {
        private const string Flag = "_sendSessionRecovered";
        private static readonly Regex ScriptAssignment = new Regex(Flag + @"\s*=\s*['""]?(\w+)['""]?", RegexOptions.CultureInvariant);

        public static OrsScxmlRecoveryResult Check(string path, string origin = null)
        {
            var result = new OrsScxmlRecoveryResult { Path = path, Origin = origin ?? "file" };
            if (!File.Exists(path)) return Done(result, OrsCheckStatus.Fail, $"'{path}' does not exist.");
            try { Scan(path, result); }
            catch (XmlException e)
            {
                result.Line = e.LineNumber;
                return Done(result, OrsCheckStatus.Fail, $"'{path}' is not well-formed XML (line {e.LineNumber}: {e.Message}).");
            }
            return Verdict(result);
        }

        private static void Scan(string path, OrsScxmlRecoveryResult result)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
            using (var reader = XmlReader.Create(path, settings))
            {
                var info = (IXmlLineInfo)reader;
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element) Element(reader, info, result);
                    else if (reader.NodeType == XmlNodeType.Text || reader.NodeType == XmlNodeType.CDATA) Script(reader.Value, info.LineNumber, result);
                }
            }
        }

        private static void Element(XmlReader reader, IXmlLineInfo info, OrsScxmlRecoveryResult result)
        {
            string local = reader.LocalName;
            int line = info.LineNumber;
            string flag = reader.GetAttribute(Flag);
            if (flag != null) Record(result, flag, AttributeLine(reader, info, Flag));
            string id = reader.GetAttribute("id") ?? reader.GetAttribute("location");
            if ((local == "data" || local == "assign") && id == Flag && reader.GetAttribute("expr") is string expr) Record(result, expr, line);
            if ((local == "scxml" || local == "state" || local == "parallel") && string.Equals(reader.GetAttribute("_persist"), "false", StringComparison.OrdinalIgnoreCase) && !result.PersistDisabled)
            {
                result.PersistDisabled = true;
                result.PersistLine = AttributeLine(reader, info, "_persist");
            }
        }

        /// <summary>The line of the attribute itself: a start tag may span several lines.</summary>
        private static int AttributeLine(XmlReader reader, IXmlLineInfo info, string name)
        {
            reader.MoveToAttribute(name);
            int line = info.LineNumber;
            reader.MoveToElement();
            return line;
        }

        private static void Script(string text, int line, OrsScxmlRecoveryResult result)
        {
            var m = ScriptAssignment.Match(text);
            if (m.Success) Record(result, m.Groups[1].Value, line + text.Substring(0, m.Index).Count(c => c == '\n'));
        }

        private static void Record(OrsScxmlRecoveryResult result, string value, int line)
        {
            if (result.SendSessionRecovered == true) return;
            string v = value.Trim().Trim('\'', '"');
            result.SendSessionRecovered = string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
            result.Line = line;
        }

        private static OrsScxmlRecoveryResult Verdict(OrsScxmlRecoveryResult r)
        {
            string persist = r.PersistDisabled ? $" _persist=\"false\" (line {r.PersistLine}) keeps its sessions from ever being persisted, so they cannot survive a switchover." : string.Empty;
            if (r.SendSessionRecovered == true && !r.PersistDisabled)
                return Done(r, OrsCheckStatus.Pass, $"{Flag} is set to true (line {r.Line}).");
            string flag = r.SendSessionRecovered == null ? $"{Flag} is not set: sessions of this strategy may not recover after a switchover."
                : r.SendSessionRecovered == true ? $"{Flag} is set to true (line {r.Line})."
                : $"{Flag} is set but not to true (line {r.Line}): sessions may not recover after a switchover.";
            return Done(r, OrsCheckStatus.Warning, flag + persist);
        }

        private static OrsScxmlRecoveryResult Done(OrsScxmlRecoveryResult r, OrsCheckStatus status, string message)
        {
            r.Status = status;
            r.Message = message;
            return r;
        }

        /// <summary>
        /// The file paths in a DN's application option: one URL, or two separated by a space (the
        /// second is the alternate). file: URLs become paths (relative ones against baseFolder);
        /// others are returned with a null path.
        /// </summary>
        public static (string Url, string Path)[] PathsOfApplicationOption(string value, string baseFolder)
        {
            return (value ?? string.Empty).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(url => (url, FilePath(url, baseFolder))).ToArray();
        }

        private static string FilePath(string url, string baseFolder)
        {
            if (!url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return null;
            string rest = url.Substring(5);
            if (rest.StartsWith("///", StringComparison.Ordinal)) rest = rest.Substring(2);
            else if (rest.StartsWith("//", StringComparison.Ordinal)) rest = rest.Substring(1);
            rest = Uri.UnescapeDataString(rest);
            if (rest.Length > 2 && rest[0] == '/' && rest[2] == ':') rest = rest.Substring(1);   // file:///C:/x
            return System.IO.Path.IsPathRooted(rest) ? rest : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseFolder ?? ".", rest));
        }
    }
}
