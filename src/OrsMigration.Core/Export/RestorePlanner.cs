using System;
using System.Linq;
using OrsMigration.Config;

namespace OrsMigration.Export
{
    public enum RestoreMode
    {
        /// <summary>The Application ends with exactly the file's options; options absent from the file are deleted.</summary>
        Exact,
        /// <summary>Adds and overwrites only, as Configuration Manager's import does.</summary>
        Merge
    }

    /// <summary>Finds the Application an export belongs to and plans its restore.</summary>
    public static class RestorePlanner
    {
        /// <summary>
        /// An explicit -Application wins; otherwise the manifest entry (DBID, then name), then the
        /// file's base name.
        /// </summary>
        public static OrsApplication FindTarget(ConfigRepository repo, RestoreSource source, string application)
        {
            if (!string.IsNullOrEmpty(application))
                return repo.FindApplication(application) ?? throw NotFound(source, $"the Application '{application}' given with -Application does not exist");
            var entry = source.Entry;
            var app = entry != null && entry.ApplicationDbid > 0 ? repo.GetApplication(entry.ApplicationDbid) : null;
            if (app == null && !string.IsNullOrEmpty(entry?.ApplicationName)) app = repo.FindApplication(entry.ApplicationName);
            if (app == null) app = repo.FindApplication(System.IO.Path.GetFileNameWithoutExtension(source.Path));
            return app ?? throw NotFound(source, entry != null
                ? $"neither DBID {entry.ApplicationDbid} nor the name '{entry.ApplicationName}' of its manifest entry, nor the file name, matches an Application"
                : "no manifest entry names its Application and no Application has the file's name");
        }

        public static OptionPlan Plan(OrsApplication target, RestoreSource source, RestoreMode mode)
        {
            var file = source.Document.Options;
            OptionSet desired;
            if (mode == RestoreMode.Exact) desired = file.Clone();
            else
            {
                desired = target.Options.Clone();
                foreach (var (section, name, value) in file.Flatten()) desired.Set(section, name, value);
            }
            var warnings = file.Where(s => s.Count == 0)
                .Select(s => $"{target.Label}: section [{s.Name}] of '{source.Path}' has no options; Configuration Server keeps no empty sections, so it is not restored.")
                .ToList();
            foreach (var empty in desired.Where(s => s.Count == 0).Select(s => s.Name).ToList()) desired.RemoveSection(empty);
            string reason = $"Restore ({mode}) from {System.IO.Path.GetFileName(source.Path)}";
            return OptionPlan.Create(target, desired, (s, n) => reason, warnings);
        }

        /// <summary>The object fields -IncludeObject brings back from the snapshot.</summary>
        public static void ApplySnapshotFields(OrsApplication target, OrsApplication snapshot)
        {
            target.Version = snapshot.Version;
            target.BackupDbid = snapshot.BackupDbid;
            target.RedundancyType = snapshot.RedundancyType;
            target.Port = snapshot.Port;
            target.Ports = snapshot.Ports.Select(p => new OrsPort { Id = p.Id, Port = p.Port }).ToList();
        }

        /// <summary>Empty when the stored application matches what the restore meant to write.</summary>
        public static string VerifyDifference(OrsApplication stored, OptionSet desired, OrsApplication snapshot)
        {
            if (!stored.Options.SequenceEquals(desired))
                return "its options read back differ from the export";
            if (snapshot == null) return string.Empty;
            if (stored.Version != snapshot.Version) return $"its version reads back as '{stored.Version}', expected '{snapshot.Version}'";
            if (stored.BackupDbid != snapshot.BackupDbid) return $"its backup DBID reads back as {stored.BackupDbid}, expected {snapshot.BackupDbid}";
            if (stored.RedundancyType != snapshot.RedundancyType) return $"its redundancy type reads back as {stored.RedundancyType}, expected {snapshot.RedundancyType}";
            if (stored.Port != snapshot.Port || !stored.Ports.Select(p => p.ToString()).SequenceEqual(snapshot.Ports.Select(p => p.ToString())))
                return "its ports read back differ from the snapshot";
            return string.Empty;
        }

        private static OrsException NotFound(RestoreSource source, string why) =>
            new OrsException("RestoreTargetNotFound", OrsErrorKind.NotFound,
                $"Cannot tell which Application '{source.Path}' restores: {why}. Name it with -Application.", source.Path);
    }
}
