using System.Management.Automation;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>A cmdlet working on Cassandra: -CassandraSession, or the current one.</summary>
    public abstract class OrsCassandraCmdletBase : OrsCmdletBase
    {
        [Parameter]
        [ValidateNotNull]
        public OrsCassandraSession CassandraSession { get; set; }

        protected OrsCassandraSession ActiveCassandra
        {
            get
            {
                var s = CassandraSession ?? ConnectionRegistry.CurrentCassandra;
                if (s == null || !s.IsOpen)
                    ThrowOrs("NotConnectedToCassandra", OrsErrorKind.InvalidOperation,
                        "No Cassandra session is open. Run Connect-OrsCassandra -ContactPoint <nodes> first, or pass -CassandraSession.", null);
                return s;
            }
        }

        /// <summary>Turns an engine failure into a terminating error: one Cassandra operation per call, nothing to go on with.</summary>
        protected T Run<T>(System.Threading.Tasks.Task<T> task, System.Action onTick = null)
        {
            try { return Await(task, onTick); }
            catch (OrsException e) { ThrowOrs(e); return default; }
        }

        protected void Run(System.Threading.Tasks.Task task, System.Action onTick = null)
        {
            try { Await(task, onTick); }
            catch (OrsException e) { ThrowOrs(e); }
        }
    }
}
