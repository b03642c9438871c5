using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace OrsMigration.Config
{
    /// <summary>
    /// Applications over a configuration store: reading them with host and connection names
    /// resolved, and saving them with the lost-update guard of the store.
    /// </summary>
    public sealed class ConfigRepository
    {
        public ConfigRepository(IConfigStore store)
        {
            Store = store ?? throw new ArgumentNullException(nameof(store));
        }

        public IConfigStore Store { get; }

        public IEnumerable<OrsApplication> GetApplications(Action<OrsException> onError = null, CancellationToken cancel = default)
        {
            // Streamed: each Application goes out as soon as it is read, and none is kept, so the first
            // arrives at once and memory does not grow with the store. Connection targets (a few URS and
            // servers) are named from a small cache, fetched when first seen.
            var hosts = HostNames(onError, cancel);
            var names = new Dictionary<int, string>();
            string NameOf(int dbid)
            {
                if (!names.TryGetValue(dbid, out var name)) names[dbid] = name = ApplicationName(dbid);
                return name;
            }
            foreach (var obj in Store.List(CfgTypes.Application, onError, cancel))
            {
                OrsApplication app = null;
                try { app = Map(obj, hosts, NameOf); }
                catch (OrsException e) { onError?.Invoke(e); }
                if (app != null) yield return app;
            }
        }

        /// <summary>The application with that DBID as it is stored now, or null.</summary>
        public OrsApplication GetApplication(int dbid)
        {
            var obj = Store.Get(CfgTypes.Application, dbid);
            if (obj == null) return null;
            return ApplicationMapper.FromObject(obj, HostName, ApplicationName, Store.Description);
        }

        /// <summary>
        /// The application as stored now: the given object itself when the store still holds
        /// that revision (no second mapping), a fresh read otherwise, null when it is gone.
        /// </summary>
        public OrsApplication Refresh(OrsApplication app)
        {
            var obj = Store.Get(CfgTypes.Application, app.Dbid);
            if (obj == null) return null;
            return obj.Revision == app.Revision ? app : ApplicationMapper.FromObject(obj, HostName, ApplicationName, Store.Description);
        }

        /// <summary>
        /// The application with that exact name (case-insensitive, as Configuration Server matches), or null.
        /// </summary>
        public OrsApplication FindApplication(string name)
        {
            // One object by name, not the whole list: Restore-OrsConfig asks once per file.
            var obj = Store.FindByName(CfgTypes.Application, name).FirstOrDefault();
            return obj == null ? null : ApplicationMapper.FromObject(obj, HostName, ApplicationName, Store.Description);
        }

        /// <summary>
        /// The applications whose name is exactly this one, letter case included: what a rollback
        /// point may be restored onto when only a name identifies its Application.
        /// </summary>
        public IReadOnlyList<OrsApplication> FindApplicationsExact(string name) =>
            Store.FindByName(CfgTypes.Application, name).Where(o => string.Equals(o.Name, name,
                StringComparison.Ordinal))
                .Select(o => ApplicationMapper.FromObject(o, HostName, ApplicationName, Store.Description)).ToList();

        /// <summary>
        /// Writes the application; refused (OrsMigration.StaleWrite) when it changed since it was read.
        /// </summary>
        public void Save(OrsApplication app)
        {
            var obj = new CfgObject(CfgTypes.Application, app.Dbid, ApplicationMapper.ToJson(app), app.Revision);
            Store.Update(obj);
            app.Revision = obj.Revision;
            app.Stored = obj.Json;
        }

        public OrsApplication Create(OrsApplication app)
        {
            var created = Store.Create(CfgTypes.Application, ApplicationMapper.ToJson(app));
            return GetApplication(created.Dbid);
        }

        private OrsApplication Map(CfgObject obj, Dictionary<int, string> hosts, IDictionary<int, string> names) =>
            Map(obj, hosts, d => names.TryGetValue(d, out var n) ? n : null);

        private OrsApplication Map(CfgObject obj, Dictionary<int, string> hosts, Func<int, string> appName) =>
            ApplicationMapper.FromObject(obj, d => hosts.TryGetValue(d, out var h) ? h : null, appName, Store.Description);

        private string ApplicationName(int dbid) => Store.Get(CfgTypes.Application, dbid)?.Name;
        private string HostName(int dbid) => Store.Get(CfgTypes.Host, dbid)?.Name;

        private Dictionary<int, string> HostNames(Action<OrsException> onError, CancellationToken cancel) =>
            Store.List(CfgTypes.Host, onError, cancel).ToDictionary(h => h.Dbid, h => h.Name);
    }
}
