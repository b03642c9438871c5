using System;
using System.Collections.Generic;
using System.Linq;

namespace OrsMigration.Upgrade
{
    /// <summary>How long the run's Applications were on more than one ORS version, from its timeline.</summary>
    public static class MixedVersions
    {
        public static (TimeSpan Duration, bool AtEnd) Of(IReadOnlyList<TimelinePoint> timeline, DateTimeOffset end)
        {
            var versions = new Dictionary<string, string>(StringComparer.Ordinal);
            var total = TimeSpan.Zero;
            DateTimeOffset? mixedSince = null;
            foreach (var point in timeline.OrderBy(p => p.Time))
            {
                if (string.IsNullOrEmpty(point.Version)) continue;
                versions[point.Application] = point.Version;
                bool mixed = versions.Values.Distinct(StringComparer.Ordinal).Count() > 1;
                if (mixed && mixedSince == null) mixedSince = point.Time;
                else if (!mixed && mixedSince != null) { total += point.Time - mixedSince.Value; mixedSince = null; }
            }
            if (mixedSince != null && end > mixedSince.Value) total += end - mixedSince.Value;
            return (total, mixedSince != null);
        }
    }
}
