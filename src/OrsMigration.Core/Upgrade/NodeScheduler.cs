using System;
using System.Collections.Generic;
using System.Linq;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// Which node goes next: the order (listed, or data centers interleaved) and the rule that no two
    /// nodes of one data center are in maintenance at once while another data center has nodes left.
    /// Pure, so the plan (-WhatIf) and the run decide the same way.
    /// </summary>
    public static class NodeScheduler
    {
        /// <summary>A node with no data center in the cluster definition is a data center of its own.</summary>
        public static string DataCenterOf(OrsNode node) =>
            string.IsNullOrEmpty(node.DataCenter) ? "(node " + node.NodeId + ")" : node.DataCenter;

        public static List<OrsNode> Order(IReadOnlyList<OrsNode> nodes, NodeOrder order)
        {
            if (order == NodeOrder.Listed) return nodes.ToList();
            // Round-robin over the data centers in the order they first appear, each keeping its listed order.
            var queues = nodes.GroupBy(DataCenterOf).Select(g => new Queue<OrsNode>(g)).ToList();
            var result = new List<OrsNode>(nodes.Count);
            while (result.Count < nodes.Count)
                foreach (var q in queues.Where(q => q.Count > 0)) result.Add(q.Dequeue());
            return result;
        }

        /// <summary>
        /// Whether a node may start now, given the nodes in maintenance and those not yet done (pending or
        /// in maintenance).
        /// </summary>
        public static bool MayStart(OrsNode node, NodeOrder order, IEnumerable<OrsNode> inMaintenance,
            IEnumerable<OrsNode> left)
        {
            if (order == NodeOrder.Listed) return true;
            string dc = DataCenterOf(node);
            if (!inMaintenance.Any(n => DataCenterOf(n) == dc)) return true;
            return !left.Any(n => DataCenterOf(n) != dc);
        }

        /// <summary>The next node that may start, in order; null when none may start yet.</summary>
        public static OrsNode Next(IReadOnlyList<OrsNode> pending, NodeOrder order,
            IReadOnlyCollection<OrsNode> inMaintenance)
        {
            var left = pending.Concat(inMaintenance).ToList();
            return pending.FirstOrDefault(n => MayStart(n, order, inMaintenance, left));
        }

        /// <summary>
        /// The waves a run would take if every node took as long: what -WhatIf shows. Canaries form their
        /// own waves, first.
        /// </summary>
        public static List<List<OrsNode>> Waves(IReadOnlyList<OrsNode> ordered, int canaries, int parallel,
            NodeOrder order)
        {
            var waves = new List<List<OrsNode>>();
            int canaryCount = Math.Min(Math.Max(0, canaries), ordered.Count);
            AddWaves(waves, ordered.Take(canaryCount).ToList(), parallel, order);
            AddWaves(waves, ordered.Skip(canaryCount).ToList(), parallel, order);
            return waves;
        }

        private static void AddWaves(List<List<OrsNode>> waves, List<OrsNode> pending, int parallel,
            NodeOrder order)
        {
            while (pending.Count > 0)
            {
                var wave = new List<OrsNode>();
                OrsNode next;
                while (wave.Count < Math.Max(1, parallel) && (next = Next(pending, order, wave)) != null)
                {
                    wave.Add(next);
                    pending.Remove(next);
                }
                waves.Add(wave);
            }
        }
    }
}
