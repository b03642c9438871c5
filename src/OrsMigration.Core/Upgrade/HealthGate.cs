using System;
using System.Collections.Generic;
using System.Linq;
using OrsMigration.Control;
using OrsMigration.Persistence;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// What an upgraded node must show after its steps and through the soak: its modes held (primary
    /// serving, backup in backup mode, both on the target version), no persisted session lost, and the
    /// site's own check passing. Says why not in words; never throws.
    /// </summary>
    public sealed class HealthGate
    {
        private readonly IServerControl _control;
        private readonly ISessionFate _fate;
        private readonly IHealthCheck _check;
        private readonly int _lostAtStart;

        public HealthGate(IServerControl control, ISessionStore sessions, IHealthCheck check)
        {
            _control = control;
            _fate = sessions as ISessionFate;
            _check = check;
            _lostAtStart = _fate?.LostSessionIds().Count ?? 0;
        }

        public bool HasSiteCheck => _check != null;

        /// <summary>Null when the node is healthy, else the reason.</summary>
        public string Problem(OrsNode node, string targetVersion)
        {
            try
            {
                var status = node.Applications.Select(a => _control.Status(a)).ToList();
                return Modes(node, status, targetVersion) ?? Sessions() ?? SiteCheck(node, status);
            }
            catch (Exception e) { return $"its state could not be read ({e.Message})"; }
        }

        private static string Modes(OrsNode node, IReadOnlyList<OrsServerStatus> status, string target)
        {
            var primary = status[0];
            if (primary.Status != OrsRunState.Running || primary.Mode != OrsRunMode.Primary)
                return $"{node.Primary.Name} is {primary.Status} {primary.Mode}, not the serving primary";
            if (status.Count > 1 && (status[1].Status != OrsRunState.Running || status[1].Mode != OrsRunMode.Backup))
                return $"{node.Backup.Name} is {status[1].Status} {status[1].Mode}, not running in backup mode";
            var other = status.FirstOrDefault(s => s.Version != target);
            return other == null ? null : $"{other.ApplicationName} reports version {other.Version}, not {target}";
        }

        /// <summary>
        /// Losses the store can tell from ended sessions (the lab can; Cassandra cannot, where the ledger of
        /// each switchover is the check).
        /// </summary>
        private string Sessions()
        {
            int lost = (_fate?.LostSessionIds().Count ?? 0) - _lostAtStart;
            return lost > 0 ? $"{lost} persisted session(s) were lost since the run started" : null;
        }

        private string SiteCheck(OrsNode node, IReadOnlyList<OrsServerStatus> status)
        {
            if (_check == null) return null;
            try { return _check.Check(node, status); }
            catch (Exception e) { return $"the health check failed: {e.Message}"; }
        }
    }
}
