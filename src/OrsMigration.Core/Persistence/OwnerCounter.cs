using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OrsMigration.Persistence
{
    /// <summary>
    /// Counts persisted sessions per node from the owner column's bytes as they lie in an answer,
    /// for both protocols: nothing is decoded or copied per row. One page is tallied locally, then
    /// merged, so scans in parallel meet only once per page.
    /// </summary>
    internal sealed class OwnerCounter
    {
        private readonly byte[] _nodeIdName;
        private readonly HashSet<int> _wanted;
        private readonly ConcurrentDictionary<int, long> _counts = new ConcurrentDictionary<int, long>();

        public OwnerCounter(string nodeIdName, IReadOnlyCollection<int> nodeIds)
        {
            _nodeIdName = Encoding.UTF8.GetBytes(nodeIdName);
            _wanted = nodeIds != null && nodeIds.Count > 0 ? new HashSet<int>(nodeIds) : null;
        }

        public bool IsNodeId(ArraySegment<byte> name)
        {
            if (name.Array == null || name.Count != _nodeIdName.Length) return false;
            for (int i = 0; i < name.Count; i++) if (name.Array[name.Offset + i] != _nodeIdName[i]) return false;
            return true;
        }

        /// <summary>A node id written as decimal text; 0 when it is not one.</summary>
        public static int ParseNodeId(ArraySegment<byte> value)
        {
            if (value.Array == null || value.Count == 0 || value.Count > 10) return 0;
            long n = 0;
            for (int i = 0; i < value.Count; i++)
            {
                int d = value.Array[value.Offset + i] - '0';
                if (d < 0 || d > 9) return 0;
                n = n * 10 + d;
            }
            return n > int.MaxValue ? 0 : (int)n;
        }

        /// <summary>Adds one owner row to a page's tally, when its node is wanted.</summary>
        public void Add(Dictionary<int, long> page, ArraySegment<byte> value)
        {
            int node = ParseNodeId(value);
            if (_wanted != null && !_wanted.Contains(node)) return;
            page[node] = page.TryGetValue(node, out var n) ? n + 1 : 1;
        }

        public void Merge(Dictionary<int, long> page)
        {
            foreach (var kv in page) _counts.AddOrUpdate(kv.Key, kv.Value, (_, old) => old + kv.Value);
        }

        public IReadOnlyList<OrsSessionCount> Result(bool byNode)
        {
            if (_wanted != null) foreach (var n in _wanted) _counts.TryAdd(n, 0);
            if (!byNode) return new[] { new OrsSessionCount { NodeId = 0, Count = _counts.Values.Sum() } };
            return _counts.OrderBy(kv => kv.Key).Select(kv => new OrsSessionCount { NodeId = kv.Key,
                Count = kv.Value }).ToList();
        }
    }
}
