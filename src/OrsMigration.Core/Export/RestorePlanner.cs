using System;
using System.Linq;
using OrsMigration.Config;

namespace OrsMigration.Export
{
    public enum RestoreMode
    {
        /// <summary>
        /// The Application ends with exactly the file's options; options absent from the file are deleted.
        /// </summary>
        Exact,
        /// <summary>Adds and overwrites only, as Configuration Manager's import does.</summary>
        Merge
    }

    /// <summary>Finds the Application an export belongs to and plans its restore.</summary>
    public static class RestorePlanner
    {
        /// <summary>
        /// The Application the export was taken from: its manifest entry's DBID and name must both
        /// match, letter case included. -Application only confirms that Application, unless
        /// allowOther (a separate, explicit choice) lets it name another one. Without an entry
        /// (-SkipIntegrityCheck) the exact name given, or the file's own base name, decides.
        /// </summary>
        public static OrsApplication FindTarget(ConfigRepository repo, RestoreSource source, string application,
            bool allowOther = false)
        {
            var entry = source.Entry;
            if (entry == null)
                return ByExactName(repo, source, application
                    ?? System.IO.Path.GetFileNameWithoutExtension(source.Path));
            if (!string.IsNullOrEmpty(application) && !string.Equals(application, entry.ApplicationName,
                StringComparison.Ordinal))
            {
                if (allowOther) return ByExactName(repo, source, application);
                throw new OrsException("RestoreTargetMismatch", OrsErrorKind.InvalidArgument,
                    $"'{source.Path}' was exported from {entry.ApplicationName} (dbid {entry.ApplicationDbid}), not " +
                    $"'{application}'. " +
                    "Nothing was written. To restore it onto another Application on purpose, add " +
                    "-AllowOtherApplication.", source.Path);
            }
            var app = repo.GetApplication(entry.ApplicationDbid);
            if (app == null)
                throw NotFound(source, $"DBID {entry.ApplicationDbid} ({entry.ApplicationName}) of its manifest " +
                    "entry no longer exists");
            if (!string.Equals(app.Name, entry.ApplicationName, StringComparison.Ordinal))
                throw new OrsException("RestoreTargetMismatch", OrsErrorKind.InvalidData,
                    $"'{source.Path}' was exported from '{entry.ApplicationName}' (dbid {entry.ApplicationDbid}), " +
                    "but DBID " +
                    $"{entry.ApplicationDbid} is now named '{app.Name}'. Nothing was written. If that is the same " +
                    "Application " +
                    $"renamed, restore with -Application '{app.Name}' -AllowOtherApplication.", source.Path);
            return app;
        }

        private static OrsApplication ByExactName(ConfigRepository repo, RestoreSource source, string name)
        {
            var found = repo.FindApplicationsExact(name);
            if (found.Count == 1) return found[0];
            if (found.Count > 1)
                throw new OrsException("RestoreTargetAmbiguous", OrsErrorKind.InvalidArgument,
                    $"Cannot tell which Application '{source.Path}' restores: {found.Count} Applications are named " +
                    $"'{name}' " +
                    $"(dbid {string.Join(", ", found.Select(a => a.Dbid))}). Nothing was written; restore from an " +
                    "export with its manifest entry.",
                    source.Path);
            throw NotFound(source, $"no Application is named exactly '{name}' (letter case included)");
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
                .Select(s => $"{target.Label}: section [{s.Name}] of '{source.Path}' has no options; Configuration " +
                    "Server keeps no empty sections, so it is not restored.")
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
            if (stored.Version != snapshot.Version) return $"its version reads back as '{stored.Version}', expected " +
                $"'{snapshot.Version}'";
            if (stored.BackupDbid != snapshot.BackupDbid) return $"its backup DBID reads back as " +
                $"{stored.BackupDbid}, expected {snapshot.BackupDbid}";
            if (stored.RedundancyType != snapshot.RedundancyType) return $"its redundancy type reads back as " +
                $"{stored.RedundancyType}, expected {snapshot.RedundancyType}";
            if (stored.Port != snapshot.Port || !stored.Ports.Select(p => p.ToString()).SequenceEqual(snapshot.Ports.Select(p => p.ToString())))
                return "its ports read back differ from the snapshot";
            return string.Empty;
        }

        private static OrsException NotFound(RestoreSource source, string why) =>
            new OrsException("RestoreTargetNotFound", OrsErrorKind.NotFound,
                $"Cannot tell which Application '{source.Path}' restores: {why}. Nothing was written.", source.Path);
    }
}
