using System.Management.Automation;
using OrsMigration.Persistence;

namespace OrsMigration.Commands
{
    /// <summary>A cmdlet working on Cassandra: -CassandraSession, or the current one.</summary>
    public abstract class OrsCassandraCmdletBase : OrsCmdletBase
    {
        /// <summary>A Cassandra session (Connect-OrsCassandra) or a lab's session store (New-OrsLab).</summary>
        [Parameter]
        [ValidateNotNull]
        public OrsSessionSource CassandraSession { get; set; }

        protected OrsSessionSource ActiveSessions
        {
            get
            {
                var s = CassandraSession ?? ConnectionRegistry.CurrentSessions;
                if (s == null || !s.IsOpen)
                    ThrowOrs("NotConnectedToCassandra", OrsErrorKind.InvalidOperation,
                        "No Cassandra session is open. Run Connect-OrsCassandra -ContactPoint <nodes> (or New-OrsLab) first, or pass -CassandraSession.", null);
                return s;
            }
        }

        /// <summary>For the cmdlets that need Cassandra itself, not just a session store.</summary>
        protected OrsCassandraSession ActiveCassandra =>
            ActiveSessions as OrsCassandraSession ?? ThrowNotCassandra();

        private OrsCassandraSession ThrowNotCassandra()
        {
            ThrowOrs("NotCassandra", OrsErrorKind.InvalidOperation,
                $"{MyInvocation.MyCommand.Name} needs a Cassandra session from Connect-OrsCassandra; a lab's session store has no keyspace to check.", null);
            return null;
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

    /// <summary>A session cmdlet taking node ids, which may arrive one pipeline object at a time (Get-OrsNode | ...).</summary>
    public abstract class OrsNodeSessionsCmdletBase : OrsCassandraCmdletBase
    {
        /// <summary>Only sessions owned by these nodes (primary DBIDs).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public int[] NodeId { get; set; }

        private readonly System.Collections.Generic.List<int> _nodeIds = new System.Collections.Generic.List<int>();

        protected override void ProcessRecord()
        {
            if (NodeId != null) _nodeIds.AddRange(NodeId);
        }

        /// <summary>Every node id given, or null for all nodes; the scan runs once, at the end.</summary>
        protected int[] Nodes => _nodeIds.Count > 0 ? System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Distinct(_nodeIds)) : null;
    }
}
