using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using OrsMigration.Config;

namespace OrsMigration.Ha
{
    /// <summary>What New-OrsBackupApplication will do for one primary.</summary>
    public sealed class BackupPlan
    {
        public OrsApplication Primary { get; set; }
        /// <summary>The backup that already exists and matches (nothing to create), or null.</summary>
        public OrsApplication Existing { get; set; }
        /// <summary>The backup to create when none exists.</summary>
        public OrsApplication ToCreate { get; set; }
        /// <summary>True when the primary's backup link or redundancy type must be written.</summary>
        public bool LinkPrimary { get; set; }
        public List<string> Warnings { get; } = new List<string>();
    }

    /// <summary>
    /// Plans a Warm Standby backup for a primary: same type, version, connections, ports and
    /// options on its own host. An existing correct backup is reported, never duplicated.
    /// </summary>
    public static class BackupPlanner
    {
        public static BackupPlan Plan(ConfigRepository repo, OrsApplication primary, string hostName, string name, int? port)
        {
            var all = repo.GetApplications().ToList();
            if (all.Any(a => a.BackupDbid == primary.Dbid))
                throw new OrsException("NotAPrimary", OrsErrorKind.InvalidArgument,
                    $"{primary.Label} is itself the backup of {all.First(a => a.BackupDbid == primary.Dbid).Label}; give the primary.", primary);
            var host = FindHost(repo, hostName, primary);
            var plan = new BackupPlan { Primary = primary };
            var desired = Desired(primary, host, name ?? primary.Name + "_Backup", port);
            var existing = primary.BackupDbid > 0 ? all.FirstOrDefault(a => a.Dbid == primary.BackupDbid)
                : all.FirstOrDefault(a => string.Equals(a.Name, desired.Name, StringComparison.OrdinalIgnoreCase));
            if (existing != null)
            {
                var differences = Differences(existing, desired, hostGiven: hostName != null).ToList();
                if (differences.Count > 0)
                    throw new OrsException("BackupMismatch", OrsErrorKind.Conflict,
                        $"{primary.Label} already has a backup candidate {existing.Label} that differs from it: {string.Join("; ", differences)}. " +
                        "Fix it (or delete it) and run again, or give another -Name.", existing);
                if (all.Any(a => a.BackupDbid == existing.Dbid && a.Dbid != primary.Dbid))
                    throw new OrsException("BackupTaken", OrsErrorKind.Conflict,
                        $"{existing.Label} is already the backup of another primary; one backup serves one primary only.", existing);
                plan.Existing = existing;
            }
            else plan.ToCreate = desired;
            plan.LinkPrimary = primary.BackupDbid != (existing?.Dbid ?? -1) || primary.RedundancyType != OrsRedundancyType.WarmStandby;
            if (host != null && host.Dbid == primary.HostDbid)
                plan.Warnings.Add($"The backup of {primary.Label} would run on the primary's own host {host.Name}: a host failure stops both.");
            return plan;
        }

        /// <summary>Creates the backup (if needed) and links the primary; if linking fails, the new backup is deleted again.</summary>
        public static OrsApplication Apply(ConfigRepository repo, BackupPlan plan)
        {
            var backup = plan.Existing ?? repo.Create(plan.ToCreate);
            if (!plan.LinkPrimary) return backup;
            var primary = plan.Primary.Clone();
            primary.BackupDbid = backup.Dbid;
            primary.RedundancyType = OrsRedundancyType.WarmStandby;
            try { repo.Save(primary); }
            catch (OrsException) when (plan.Existing == null)
            {
                repo.Store.Delete(new CfgObject(CfgTypes.Application, backup.Dbid, ApplicationMapper.ToJson(backup), backup.Revision));
                throw;
            }
            plan.Primary.CopyFrom(primary);
            return backup;
        }

        private static HostInfo FindHost(ConfigRepository repo, string hostName, OrsApplication primary)
        {
            if (hostName == null) return null;
            var hosts = repo.Store.List(CfgTypes.Host, null).ToList();
            var host = hosts.FirstOrDefault(h => string.Equals(h.Name, hostName, StringComparison.OrdinalIgnoreCase));
            if (host == null)
                throw new OrsException("HostNotFound", OrsErrorKind.NotFound,
                    $"No Host named '{hostName}' for the backup of {primary.Label}. Known hosts: {string.Join(", ", hosts.Select(h => h.Name).Take(20))}.", hostName);
            return new HostInfo { Dbid = host.Dbid, Name = host.Name };
        }

        private static OrsApplication Desired(OrsApplication primary, HostInfo host, string name, int? port)
        {
            var backup = primary.Clone();
            backup.Dbid = 0;
            backup.Name = name;
            backup.BackupDbid = 0;
            backup.RedundancyType = OrsRedundancyType.WarmStandby;
            backup.Revision = null;
            if (host != null) { backup.HostDbid = host.Dbid; backup.HostName = host.Name; }
            if (port.HasValue)
            {
                backup.Port = port.Value;
                foreach (var p in backup.Ports.Where(p => p.Id == "default")) p.Port = port.Value;
            }
            RenameInLogSections(backup.Options, primary.Name, name);
            var json = primary.Stored != null ? (JObject)primary.Stored.DeepClone() : new JObject();
            json.Remove("dbid");
            json["isprimary"] = "CFGFalse";
            if (json["commandlinearguments"] is JValue args && args.Value is string text)
                json["commandlinearguments"] = Regex.Replace(text, @"(-app\s+""?)" + Regex.Escape(primary.Name) + @"(?=""|\s|$)", m => m.Groups[1].Value + name);
            backup.Stored = json;
            return backup;
        }

        /// <summary>Log file names that carry the primary's name get the backup's, so the two never share a log file.</summary>
        private static void RenameInLogSections(OptionSet options, string primaryName, string backupName)
        {
            var token = new Regex("(?<![A-Za-z0-9_])" + Regex.Escape(primaryName) + "(?![A-Za-z0-9_])");
            foreach (var section in options.Where(s => Checks.ConfigChecks.IsPerApplicationSection(s.Name)))
                foreach (var option in section.ToList())
                    section.Set(option.Name, token.Replace(option.Value, backupName));
        }

        /// <summary>What makes an existing Application unfit as this primary's backup.</summary>
        private static IEnumerable<string> Differences(OrsApplication existing, OrsApplication desired, bool hostGiven)
        {
            if (existing.SubType != desired.SubType) yield return $"type {existing.SubType} instead of {desired.SubType}";
            if (existing.Version != desired.Version) yield return $"version {existing.Version} instead of {desired.Version}";
            if (hostGiven && existing.HostDbid != desired.HostDbid) yield return $"host {existing.HostName ?? existing.HostDbid.ToString()} instead of {desired.HostName}";
            string Conn(OrsApplication a) => string.Join(",", a.Connections.Select(c => c.ServerDbid + ":" + c.PortId).OrderBy(s => s, StringComparer.Ordinal));
            if (Conn(existing) != Conn(desired)) yield return "different connections";
            string Ports(OrsApplication a) => string.Join(",", a.Ports.Where(p => p.Id != "default").Select(p => p.ToString()).OrderBy(s => s, StringComparer.Ordinal));
            if (Ports(existing) != Ports(desired)) yield return $"ports {Ports(existing)} instead of {Ports(desired)}";
            var diff = Export.OptionComparer.Compare(desired.Options, existing.Options, false)
                .Where(d => !Checks.ConfigChecks.IsPerApplicationSection(d.Section)).Select(d => d.Section + "/" + d.Name).ToList();
            if (diff.Count > 0) yield return "different options (" + string.Join(", ", diff.Take(3)) + (diff.Count > 3 ? ", ..." : "") + ")";
        }

        private sealed class HostInfo
        {
            public int Dbid { get; set; }
            public string Name { get; set; }
        }
    }
}
