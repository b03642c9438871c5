using System;
using System.IO;
using System.Linq;
using System.Text;

namespace OrsMigration.Export
{
    /// <summary>
    /// The base name of an Application's export files. The Application's own name when it is a
    /// portable file name (no character Windows, macOS or Linux refuses, no Windows device name,
    /// short enough for any path); otherwise a portable form with the DBID appended. Uniqueness
    /// in a folder, ignoring case, is the export folder's job (ExportFolder.ChooseBaseName).
    /// </summary>
    public static class ExportFileName
    {
        /// <summary>Room for ".snapshot.json", a superseded export's time stamp and a deep folder.</summary>
        public const int MaxBaseLength = 96;

        private static readonly char[] Invalid =
            Path.GetInvalidFileNameChars().Concat("<>:\"/\\|?*").Distinct().ToArray();

        private static readonly string[] DeviceNames =
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
        };

        public static bool IsPortable(string name) =>
            !string.IsNullOrEmpty(name) && name.Length <= MaxBaseLength && name == name.Trim() && !name.EndsWith(".",
                StringComparison.Ordinal)
            && name.All(c => c >= 32 && Array.IndexOf(Invalid, c) < 0) && !IsDeviceName(name) && !name.StartsWith(".",
                StringComparison.Ordinal);

        /// <summary>
        /// Windows treats "CON", "con.txt" and "COM1 .cfg" alike: the stem before the first dot, trimmed.
        /// </summary>
        public static bool IsDeviceName(string name)
        {
            int dot = name.IndexOf('.');
            string stem = (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ');
            return DeviceNames.Any(d => string.Equals(d, stem, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>
        /// The preferred base name: the name itself when portable, else a portable form plus the DBID.
        /// </summary>
        public static string Preferred(string applicationName, int dbid) =>
            IsPortable(applicationName) ? applicationName : WithDbid(applicationName, dbid);

        /// <summary>
        /// A portable form of the name with "_dbid&lt;n&gt;" appended; unique per DBID by construction.
        /// </summary>
        public static string WithDbid(string applicationName, int dbid)
        {
            string suffix = "_dbid" + dbid;
            var safe = new StringBuilder();
            foreach (char c in applicationName ?? string.Empty)
                safe.Append(c < 32 || Array.IndexOf(Invalid, c) >= 0 ? '_' : c);
            string stem = safe.ToString().Trim().Trim('.');
            if (stem.Length > MaxBaseLength - suffix.Length) stem = stem.Substring(0,
                MaxBaseLength - suffix.Length).TrimEnd(' ', '.');
            if (stem.Length == 0) stem = "Application";
            // "CON_dbid7" is no device name, but "CON.x_dbid7" would be: dots in the stem become '_'.
            if (IsDeviceName(stem + suffix)) stem = stem.Replace('.', '_');
            return stem + suffix;
        }
    }
}
