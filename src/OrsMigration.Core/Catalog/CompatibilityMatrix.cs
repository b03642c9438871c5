using System.Collections.Generic;

namespace OrsMigration.Catalog
{
    /// <summary>One component's minimum release for ORS 8.1.4.</summary>
    public sealed class ComponentRequirement
    {
        public ComponentRequirement(OrsAppType type, string minimum, bool failBelow, string note = null)
        {
            Type = type;
            Minimum = minimum;
            FailBelow = failBelow;
            Note = note;
        }

        public OrsAppType Type { get; }
        /// <summary>A release (8.1.2 = 8.1.200.0 and later) or a version.</summary>
        public string Minimum { get; }
        /// <summary>False where the guide's condition cannot be read from configuration, so a lower version only warns.</summary>
        public bool FailBelow { get; }
        public string Note { get; }
    }

    /// <summary>The compatible component versions the migration guide lists for ORS 8.1.4.</summary>
    public static class CompatibilityMatrix
    {
        public const string Source = "Orchestration Server 8.1.4 Migration Guide, compatible components";

        public static IReadOnlyList<ComponentRequirement> Ors814 { get; } = new[]
        {
            new ComponentRequirement(OrsAppType.DbServer, "8.1", true),
            new ComponentRequirement(OrsAppType.ConfigServer, "8.1", true),
            new ComponentRequirement(OrsAppType.LocalControlAgent, "8.1.2", true),
            new ComponentRequirement(OrsAppType.MessageServer, "8.1", true),
            new ComponentRequirement(OrsAppType.SolutionControlServer, "8.1.2", true),
            new ComponentRequirement(OrsAppType.SipServer, "8.1", true),
            new ComponentRequirement(OrsAppType.StatServer, "8.5", true),
            new ComponentRequirement(OrsAppType.RouterServer, "8.1.4", true, "URS 8.1.3 is incompatible with ORS 8.1.4: upgrade URS first"),
            new ComponentRequirement(OrsAppType.InteractionServer, "8.5.1", false, "required where enhanced multimedia pulling is used, which configuration alone does not tell"),
        };
    }
}
