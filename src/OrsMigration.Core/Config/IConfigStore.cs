using System;
using System.Collections.Generic;
using System.Threading;
using Newtonsoft.Json.Linq;

namespace OrsMigration.Config
{
    /// <summary>
    /// Where configuration objects live: a folder of GAX JSON files, or Configuration Server
    /// through GAX. Every write names the revision it is based on; a stale write is refused
    /// (OrsMigration.StaleWrite) so two administrators never silently overwrite each other.
    /// </summary>
    public interface IConfigStore : IDisposable
    {
        /// <summary>Human-readable location, e.g. file:/srv/ors-config.</summary>
        string Description { get; }

        /// <summary>How many reads the store serves well at once (1 for a local folder; a few for a remote server).</summary>
        int ReadParallelism { get; }

        /// <summary>Abandons the requests in flight (Ctrl+C): they fail with OperationCanceledException.</summary>
        void CancelPending();

        /// <summary>All objects of a type. An unreadable object is reported to onError and skipped.</summary>
        IEnumerable<CfgObject> List(string type, Action<OrsException> onError, CancellationToken cancel = default);

        /// <summary>The objects of a type with that name (ignoring case, as Configuration Server matches names).</summary>
        IEnumerable<CfgObject> FindByName(string type, string name);

        /// <summary>One object, or null when no object of that type has that DBID.</summary>
        CfgObject Get(string type, int dbid);

        /// <summary>Creates the object with a new DBID and returns it as stored.</summary>
        CfgObject Create(string type, JObject json);

        /// <summary>Writes the object; refused when it changed since obj.Revision was read.</summary>
        void Update(CfgObject obj);

        /// <summary>Deletes the object; refused when it changed since obj.Revision was read.</summary>
        void Delete(CfgObject obj);
    }
}
