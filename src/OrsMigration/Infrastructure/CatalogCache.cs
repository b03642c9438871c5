using System;
using OrsMigration.Catalog;

namespace OrsMigration.Commands
{
    /// <summary>The option catalogue, loaded once per value of ORSMIGRATION_OPTION_CATALOG.</summary>
    internal static class CatalogCache
    {
        private static readonly object Gate = new object();
        private static OptionCatalog _catalog;
        private static string _loadedFrom;

        public static OptionCatalog Get()
        {
            string path = Environment.GetEnvironmentVariable(OptionCatalog.OverrideVariable) ?? string.Empty;
            lock (Gate)
            {
                if (_catalog == null || _loadedFrom != path)
                {
                    _catalog = OptionCatalog.Load(path);
                    _loadedFrom = path;
                }
                return _catalog;
            }
        }
    }
}
