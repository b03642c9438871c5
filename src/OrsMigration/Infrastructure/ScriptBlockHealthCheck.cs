using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using OrsMigration.Control;
using OrsMigration.Upgrade;

namespace OrsMigration.Commands
{
    /// <summary>
    /// -HealthCheck: param($Node, $Status), run on the pipeline thread. A node passes when the block returns
    /// only true values ($true); $false, no output, an error or a throw fails it, in those words.
    /// </summary>
    internal sealed class ScriptBlockHealthCheck : IHealthCheck
    {
        private readonly ScriptBlock _block;
        private readonly PipelineDispatcher _dispatcher;

        public ScriptBlockHealthCheck(ScriptBlock block, PipelineDispatcher dispatcher)
        {
            _block = block;
            _dispatcher = dispatcher;
        }

        /// <summary>How long one check may take before it is stopped (and counts as failed).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

        public string Check(OrsNode node, IReadOnlyList<OrsServerStatus> status) =>
            _dispatcher.Invoke(() => Run(node, status));

        private string Run(OrsNode node, IReadOnlyList<OrsServerStatus> status)
        {
            var output = ScriptBlockRunner.Invoke(_block, Timeout, "-HealthCheck", "HealthCheckFailed", node.Primary,
                new object[] { node, status.ToArray() });
            if (output.Count == 0) return "-HealthCheck returned nothing (it must return $true for a healthy node)";
            // Found by position: a $null in the output is a failure too, not "nothing failed".
            int at = output.ToList().FindIndex(o => !LanguagePrimitives.IsTrue(o));
            if (at < 0) return null;
            var no = output[at];
            return $"-HealthCheck returned {(no == null ? "$null" : no.BaseObject is bool ? "$false" : $"'{no}'")}";
        }
    }
}
