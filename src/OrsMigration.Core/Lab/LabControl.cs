using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Control;
using OrsMigration.Persistence;

namespace OrsMigration.Lab
{
    /// <summary>Server control, installation and the session store of a lab.</summary>
    public sealed class LabControl
        : OrsServerControl, IInstaller, ISessionStore, Upgrade.ISessionFate, IStateChangeHint, IAnyThread
    {
        private readonly OrsLab _lab;

        public LabControl(OrsLab lab) { _lab = lab; }

        public override string Description => "lab:" + _lab.Path;
        string IInstaller.Description => Description;
        string ISessionStore.Description => Description;

        public override OrsServerStatus Status(OrsApplication app)
        {
            // A pending crash changes the lab; otherwise a status is a read.
            var status = _lab.Read(s => s.Faults.Any(f => f.Fault == "CrashNow" && string.Equals(f.Application, app.Name, StringComparison.OrdinalIgnoreCase))
                ? null : LabSimulation.StatusOf(LabSimulation.Process(s, app.Dbid, app.Name)));
            if (status != null) return status;
            return _lab.Transaction(s =>
            {
                var p = LabSimulation.Process(s, app.Dbid, app.Name);
                LabSimulation.ApplyCrash(s, p);
                return LabSimulation.StatusOf(p);
            });
        }

        public override void Start(OrsApplication app) => _lab.Transaction(s => LabSimulation.Start(s, LabSimulation.Process(s, app.Dbid, app.Name)));
        public override void Stop(OrsApplication app) => _lab.Transaction(s => LabSimulation.Stop(s, LabSimulation.Process(s, app.Dbid, app.Name)));
        public override void Switchover(OrsApplication primary) => _lab.Transaction(s => LabSimulation.Switchover(s, LabSimulation.Process(s, primary.Dbid, primary.Name)));

        public void Install(OrsApplication app, string version, string exportFolder)
        {
            double seconds = _lab.Read(s =>
            {
                var p = LabSimulation.Process(s, app.Dbid, app.Name);
                if (p.Status != OrsRunState.Stopped)
                    throw new OrsControlException("InstallWhileRunning", $"{app.Label} is {p.Status}: stop it " +
                        $"before installing {version}.", app);
                return s.OperationSeconds / s.TimeScale;
            });
            // Installing takes its time outside the lock: the rest of the lab goes on meanwhile.
            if (seconds > 0) Thread.Sleep(TimeSpan.FromSeconds(seconds));
            SetVersion(app.Name, version);
        }

        /// <summary>
        /// Records that a version was installed for an Application, as a real setup changes its host:
        /// the lab's own installer ends here, and so can any installer a rehearsal uses (Set-OrsLabVersion).
        /// </summary>
        public void SetVersion(string application, string version)
        {
            if (!OrsVersion.TryParse(version, out _, out var error))
                throw new OrsControlException("InvalidVersion", $"'{version}' is not an ORS version: {error}", version);
            _lab.Transaction(s =>
            {
                var p = s.Processes.FirstOrDefault(
                        x => string.Equals(x.Name, application, StringComparison.OrdinalIgnoreCase))
                    ?? throw new OrsControlException("LabUnknownApplication",
                        $"'{application}' is not an ORS Application of the lab.", application);
                if (p.Status != OrsRunState.Stopped)
                    throw new OrsControlException("InstallWhileRunning",
                        $"{p.Name} is {p.Status}: a version is installed while it is stopped.", application);
                p.Version = version;
            });
        }

        public DateTime? NextChangeUtc(OrsApplication app) => _lab.Read(s =>
        {
            var p = LabSimulation.Process(s, app.Dbid, app.Name);
            return p.Pending == null ? (DateTime?)null : s.CreatedUtc.AddSeconds(p.DoneAt / s.TimeScale);
        });

        public void SetFault(string application, string fault, int count) => _lab.Transaction(s =>
        {
            if (!s.Processes.Any(p => string.Equals(p.Name, application, StringComparison.OrdinalIgnoreCase)))
                throw new OrsControlException("LabUnknownApplication", $"'{application}' is not an ORS Application " +
                    "of the lab.", application);
            s.Faults.Add(new LabFault { Application = application, Fault = fault, Remaining = count });
        });

        public LabStats Stats() => _lab.Transaction(s => s.Stats);

        public IReadOnlyList<string> LostSessionIds() => _lab.Transaction(s => (IReadOnlyList<string>)s.LostSessionIds.ToList());

        public Task<IReadOnlyList<OrsSessionCount>> CountAsync(bool byNode, IReadOnlyCollection<int> nodeIds, IProgress<long> rowsRead, CancellationToken cancel) =>
            Task.FromResult(_lab.Transaction(s =>
            {
                var sessions = s.Sessions.Where(x => nodeIds == null || nodeIds.Count == 0 || nodeIds.Contains(x.NodeId)).ToList();
                if (!byNode) return (IReadOnlyList<OrsSessionCount>)new[] { new OrsSessionCount { NodeId = 0, Count = sessions.Count } };
                var nodes = (nodeIds != null && nodeIds.Count > 0 ? nodeIds : s.Processes.Select(p => p.NodeId)).Distinct().OrderBy(n => n);
                return nodes.Select(n => new OrsSessionCount { NodeId = n, Count = sessions.Count(x => x.NodeId == n) }).ToList();
            }));

        public Task ListAsync(IReadOnlyCollection<int> nodeIds, Action<OrsPersistedSession> onSession, CancellationToken cancel)
        {
            var list = _lab.Transaction(s => s.Sessions
                .Where(x => nodeIds == null || nodeIds.Count == 0 || nodeIds.Contains(x.NodeId))
                .Select(x => new OrsPersistedSession
                {
                    SessionId = x.Id, NodeId = x.NodeId, ServerName = s.Processes.FirstOrDefault(p => p.Dbid == x.Owner)?.Name,
                    LastUpdated = s.CreatedUtc.AddSeconds(x.Start / s.TimeScale), SizeBytes = 45 * 1024,
                }).ToList());
            foreach (var session in list) onSession(session);
            return Task.CompletedTask;
        }
    }
}
