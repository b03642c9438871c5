using System.Collections.Generic;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    internal static class ScxmlPaths
    {
        /// <summary>Resolves a path with wildcards; a path that matches nothing is returned as it is, so the check reports it missing.</summary>
        public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path)
        {
            try { return cmdlet.GetResolvedProviderPathFromPSPath(path, out _); }
            catch (ItemNotFoundException) { return new[] { cmdlet.GetUnresolvedProviderPathFromPSPath(path) }; }
        }
    }
}
