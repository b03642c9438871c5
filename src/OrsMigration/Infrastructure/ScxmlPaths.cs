using System.Collections.Generic;
using System.Management.Automation;

namespace OrsMigration.Commands
{
    internal static class ScxmlPaths
    {
        /// <summary>
        /// Resolves a path with wildcards. A pattern that matches nothing gives a warning; a plain
        /// path that does not exist is returned as it is, so the check reports it missing.
        /// </summary>
        public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string path)
        {
            try { return cmdlet.GetResolvedProviderPathFromPSPath(path, out _); }
            catch (ItemNotFoundException)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(path)) return new[] { cmdlet.GetUnresolvedProviderPathFromPSPath(path) };
                cmdlet.WriteWarning($"No SCXML file matches '{path}'.");
                return new string[0];
            }
        }
    }
}
