using System;

namespace OrsMigration
{
    public enum OrsChangeAction { Add, Update, Remove }

    /// <summary>One change to one option of one Application, with the reason for it.</summary>
    public sealed class OrsConfigChange
    {
        public string ApplicationName { get; set; }
        public int ApplicationDbid { get; set; }
        public string Section { get; set; }
        public string Name { get; set; }
        public OrsChangeAction Action { get; set; }
        public string OldValue { get; set; }
        public string NewValue { get; set; }
        public string Reason { get; set; }
        /// <summary>False when the change was only planned (-WhatIf) or refused.</summary>
        public bool Applied { get; set; }

        /// <summary>True for a field of the Application object itself (version, backup link), not an option.</summary>
        public bool IsObjectField => Section == Ha.RedundancyPlanner.ObjectSection;

        /// <summary>
        /// What changed, in words: 'section/name' for an option, '(Application) name' for a field of the object.
        /// </summary>
        public string Option => IsObjectField ? $"(Application) {Name}" : $"{Section}/{Name}";

        public override string ToString() =>
            Action == OrsChangeAction.Remove ? $"{ApplicationName}: remove {Option}"
            : $"{ApplicationName}: {Action.ToString().ToLowerInvariant()} {Option}={NewValue}";
    }

    /// <summary>One option of one Application, as Get-OrsOption emits it.</summary>
    public sealed class OrsOption
    {
        public string ApplicationName { get; set; }
        public int ApplicationDbid { get; set; }
        public string Section { get; set; }
        public string Name { get; set; }
        public string Value { get; set; }
        public override string ToString() => $"{Section}/{Name}={Value}";
    }

    /// <summary>One difference between two option sets.</summary>
    public sealed class OrsConfigDifference
    {
        public string Section { get; set; }
        public string Name { get; set; }
        public string ReferenceValue { get; set; }
        public string DifferenceValue { get; set; }
        /// <summary>
        /// &lt;= only in the reference, =&gt; only in the difference, &lt;&gt; value differs,
        /// ~ same value at another position (only with -IncludeOrder).
        /// </summary>
        public string SideIndicator { get; set; }
        public override string ToString() => $"{SideIndicator} {Section}/{Name}";
    }

    /// <summary>One Application's export: the .cfg, its snapshot and their hashes.</summary>
    public enum ExportOutcome
    {
        /// <summary>New files were written.</summary>
        Written,
        /// <summary>An identical export already existed; nothing was rewritten.</summary>
        Unchanged,
        /// <summary>
        /// An export with different content existed and was kept (-SkipExisting); nothing was written.
        /// </summary>
        Kept,
        /// <summary>
        /// An export with different content existed; it was kept under a time-stamped name and the new one written
        /// (-Force).
        /// </summary>
        Replaced
    }

    public sealed class OrsConfigExport
    {
        public string Path { get; set; }
        public string SnapshotPath { get; set; }
        public string ManifestPath { get; set; }
        public string ApplicationName { get; set; }
        public int ApplicationDbid { get; set; }
        public string Version { get; set; }
        public string Sha256 { get; set; }
        public string SnapshotSha256 { get; set; }
        public DateTimeOffset ExportedAt { get; set; }
        public string Source { get; set; }
        /// <summary>
        /// A rollback point that a later export with -Force replaced; kept under a time-stamped name.
        /// </summary>
        public bool Superseded { get; set; }
        /// <summary>
        /// What this export did: wrote files, found identical ones, kept different ones, or replaced them.
        /// </summary>
        public ExportOutcome Outcome { get; set; }
        /// <summary>With Outcome Replaced: where the previous rollback point now is.</summary>
        public string PreviousPath { get; set; }
        public override string ToString() => Path;
        internal OrsConfigExport MemberwiseCloneExport() => (OrsConfigExport)MemberwiseClone();
    }
}
