using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OrsMigration.Control;

namespace OrsMigration.Lab
{
    /// <summary>
    /// What happens in the lab as time passes and as servers are operated: warm standby as the
    /// High Availability chapter describes it (a backup creates and serves no session; a switchover
    /// makes the backup primary and recovers the persisted sessions only where the strategy sends
    /// _sendSessionRecovered), session traffic, and the injected faults.
    /// </summary>
    public static class LabSimulation
    {
        /// <summary>Creates the sessions that arrived since the last step on every serving primary, and ends those whose time is up.</summary>
        public static void Advance(LabState s, double now)
        {
            foreach (var p in s.Processes.Where(x => x.Pending != null && x.DoneAt <= now).OrderBy(x => x.DoneAt).ToList())
                Complete(s, p);
            double dt = now - s.LastAdvance;
            if (dt <= 0) return;
            var rnd = new Random(unchecked(s.Seed + (int)s.Counter));
            foreach (var primary in s.Processes.Where(p => p.Status == OrsRunState.Running && p.Mode == OrsRunMode.Primary))
            {
                double arrivals = s.SessionRate * dt + s.Pending;
                int n = (int)Math.Floor(arrivals);
                for (int i = 0; i < n; i++)
                {
                    double start = s.LastAdvance + rnd.NextDouble() * dt;
                    double duration = -Math.Log(1 - rnd.NextDouble()) * s.MeanDuration;
                    s.Sessions.Add(new LabSession { Id = $"lab-{s.Counter++:x8}", NodeId = primary.NodeId, Owner = primary.Dbid, Start = start, End = start + duration });
                    s.Stats.Created++;
                }
                s.Pending = arrivals - n;
            }
            int before = s.Sessions.Count;
            s.Sessions.RemoveAll(x => x.End <= now);
            s.Stats.Ended += before - s.Sessions.Count;
            s.LastAdvance = now;
            s.Counter++;
        }

        public static LabProcess Process(LabState s, int dbid, string name) =>
            s.Processes.FirstOrDefault(p => p.Dbid == dbid)
            ?? throw new OrsControlException("LabUnknownApplication", $"{name} (dbid {dbid}) is not an ORS Application of the lab.", name);

        public static LabProcess Partner(LabState s, LabProcess p) => s.Processes.FirstOrDefault(x => x.NodeId == p.NodeId && x.Dbid != p.Dbid);

        /// <summary>Takes one pending fault of that kind for the Application, if any.</summary>
        public static bool TakeFault(LabState s, LabProcess p, string fault)
        {
            var f = s.Faults.FirstOrDefault(x => x.Fault == fault && string.Equals(x.Application, p.Name, StringComparison.OrdinalIgnoreCase) && x.Remaining > 0);
            if (f == null) return false;
            if (--f.Remaining == 0) s.Faults.Remove(f);
            return true;
        }

        public static void Start(LabState s, LabProcess p)
        {
            if (p.Status == OrsRunState.Running) return;
            if (TakeFault(s, p, "StartFails"))
            {
                p.Status = OrsRunState.Stopped;
                throw new OrsControlException("StartFailed", $"{p.Name} failed to start (injected fault StartFails).", p.Name);
            }
            if (TakeFault(s, p, "StartTimeout")) { p.Status = OrsRunState.Starting; p.Mode = OrsRunMode.Unknown; p.Pending = null; return; }
            if (Schedule(s, p, "start")) { p.Status = OrsRunState.Starting; p.Mode = OrsRunMode.Unknown; return; }
            FinishStart(s, p);
        }

        private static void FinishStart(LabState s, LabProcess p)
        {
            if (TakeFault(s, p, "Crash")) { p.Status = OrsRunState.Stopped; p.Mode = OrsRunMode.Unknown; return; }
            var partner = Partner(s, p);
            bool partnerServes = partner != null && partner.Status == OrsRunState.Running && partner.Mode == OrsRunMode.Primary;
            p.Status = OrsRunState.Running;
            p.Mode = partnerServes ? OrsRunMode.Backup : OrsRunMode.Primary;
            if (p.Mode == OrsRunMode.Primary) Adopt(s, p);
        }

        /// <summary>Stopping the serving primary makes a running backup take over, as warm standby does.</summary>
        public static void Stop(LabState s, LabProcess p)
        {
            if (Schedule(s, p, "stop")) return;
            FinishStop(s, p);
        }

        private static void FinishStop(LabState s, LabProcess p)
        {
            bool wasPrimary = p.Status == OrsRunState.Running && p.Mode == OrsRunMode.Primary;
            p.Status = OrsRunState.Stopped;
            p.Mode = OrsRunMode.Unknown;
            var partner = Partner(s, p);
            if (wasPrimary && partner != null && partner.Status == OrsRunState.Running && partner.Mode == OrsRunMode.Backup)
                Promote(s, partner);
        }

        public static void Switchover(LabState s, LabProcess primary)
        {
            if (primary.Status != OrsRunState.Running || primary.Mode != OrsRunMode.Primary)
                throw new OrsControlException("SwitchoverInvalid", $"{primary.Name} is not the running primary of its node ({primary.Status}, {primary.Mode}); nothing to switch over.", primary.Name);
            var backup = Partner(s, primary);
            if (backup == null || backup.Status != OrsRunState.Running || backup.Mode != OrsRunMode.Backup)
                throw new OrsControlException("SwitchoverInvalid", $"{primary.Name} has no running backup in backup mode to switch over to.", primary.Name);
            if (TakeFault(s, primary, "SwitchoverRefused"))
                throw new OrsControlException("SwitchoverRefused", $"The switchover of {primary.Name} was refused (injected fault SwitchoverRefused).", primary.Name);
            if (Schedule(s, primary, "switchover")) return;
            FinishSwitchover(s, primary);
        }

        private static void FinishSwitchover(LabState s, LabProcess primary)
        {
            var backup = Partner(s, primary);
            primary.Mode = OrsRunMode.Backup;
            if (backup != null) Promote(s, backup);
        }

        /// <summary>With operation times, an operation completes later (at the next look after its time is up).</summary>
        private static bool Schedule(LabState s, LabProcess p, string operation)
        {
            if (s.OperationSeconds <= 0) return false;
            p.Pending = operation;
            p.DoneAt = s.LastAdvance + s.OperationSeconds;
            return true;
        }

        private static void Complete(LabState s, LabProcess p)
        {
            string op = p.Pending;
            p.Pending = null;
            if (op == "start") FinishStart(s, p);
            else if (op == "stop") FinishStop(s, p);
            else if (op == "switchover" && p.Status == OrsRunState.Running && p.Mode == OrsRunMode.Primary) FinishSwitchover(s, p);
        }

        /// <summary>A crash fault on a running process: it dies at the first look (its backup, if running, takes over).</summary>
        public static void ApplyCrash(LabState s, LabProcess p)
        {
            if (p.Status != OrsRunState.Running || !TakeFault(s, p, "CrashNow")) return;
            FinishStop(s, p);
        }

        private static void Promote(LabState s, LabProcess p)
        {
            p.Mode = OrsRunMode.Primary;
            Adopt(s, p);
        }

        /// <summary>The new primary recovers the node's persisted sessions if the strategies allow it; otherwise they are lost.</summary>
        private static void Adopt(LabState s, LabProcess primary)
        {
            foreach (var session in s.Sessions.Where(x => x.NodeId == primary.NodeId && x.Owner != primary.Dbid).ToList())
            {
                if (s.RecoverableStrategies)
                {
                    session.Owner = primary.Dbid;
                    s.Stats.Carried++;
                }
                else
                {
                    s.Sessions.Remove(session);
                    s.LostSessionIds.Add(session.Id);
                    s.Stats.Lost++;
                }
            }
        }

        public static OrsServerStatus StatusOf(LabProcess p) => new OrsServerStatus
        {
            ApplicationName = p.Name, Dbid = p.Dbid, Status = p.Status, Mode = p.Mode, Version = p.Version,
        };

        public static string Describe(LabState s) => string.Format(CultureInfo.InvariantCulture, "{0} processes, {1} sessions", s.Processes.Count, s.Sessions.Count);
    }
}
