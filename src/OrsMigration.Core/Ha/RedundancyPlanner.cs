using System.Collections.Generic;
using System.Linq;
using OrsMigration.Config;

namespace OrsMigration.Ha
{
    /// <summary>Plans Set-OrsRedundancy: link an existing backup to its primary as Warm Standby.</summary>
    public static class RedundancyPlanner
    {
        public const string ObjectSection = "[object]";

        public static List<OrsConfigChange> Plan(ConfigRepository repo, OrsApplication primary, OrsApplication backup, OrsRedundancyType type)
        {
            if (type != OrsRedundancyType.WarmStandby)
                throw new OrsException("RedundancyNotSupported", OrsErrorKind.InvalidArgument,
                    $"ORS supports Warm Standby only (OS 8.1.3 Deployment Guide, High Availability); {type} cannot be set on {primary.Label}.", primary);
            if (backup.Dbid == primary.Dbid)
                throw new OrsException("BackupInvalid", OrsErrorKind.InvalidArgument, $"{primary.Label} cannot be its own backup.", primary);
            if (backup.SubType != primary.SubType)
                throw new OrsException("BackupInvalid", OrsErrorKind.InvalidArgument,
                    $"{backup.Label} is a {backup.SubType}, {primary.Label} a {primary.SubType}: a backup must have the primary's application type.", backup);
            var other = repo.GetApplications().FirstOrDefault(a => a.BackupDbid == backup.Dbid && a.Dbid != primary.Dbid);
            if (other != null)
                throw new OrsException("BackupTaken", OrsErrorKind.Conflict,
                    $"{backup.Label} is already the backup of {other.Label}; one backup serves one primary only.", backup);
            var changes = new List<OrsConfigChange>();
            if (primary.BackupDbid != backup.Dbid)
                changes.Add(Change(primary, "backupserverdbid", primary.BackupDbid.ToString(), backup.Dbid.ToString()));
            if (primary.RedundancyType != type)
                changes.Add(Change(primary, "redundancytype", primary.RedundancyType.ToString(), type.ToString()));
            if (backup.RedundancyType != type)
                changes.Add(Change(backup, "redundancytype", backup.RedundancyType.ToString(), type.ToString()));
            return changes;
        }

        public static void Apply(ConfigRepository repo, OrsApplication primary, OrsApplication backup, OrsRedundancyType type)
        {
            if (backup.RedundancyType != type)
            {
                var b = backup.Clone();
                b.RedundancyType = type;
                repo.Save(b);
                backup.CopyFrom(b);
            }
            var p = primary.Clone();
            p.BackupDbid = backup.Dbid;
            p.RedundancyType = type;
            repo.Save(p);
            primary.CopyFrom(p);
        }

        private static OrsConfigChange Change(OrsApplication app, string field, string oldValue, string newValue) => new OrsConfigChange
        {
            ApplicationName = app.Name,
            ApplicationDbid = app.Dbid,
            Section = ObjectSection,
            Name = field,
            Action = OrsChangeAction.Update,
            OldValue = oldValue,
            NewValue = newValue,
            Reason = "HA pair: the backup is linked from the primary and both are Warm Standby (OS Deployment Guide, High Availability).",
        };
    }
}
