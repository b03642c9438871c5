using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using OrsMigration.Config;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Tab completion for Genesys names. A completer never throws and never writes: with no store
    /// connected, or a store that cannot be read, it offers nothing rather than file paths.
    /// </summary>
    public abstract class NameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            IEnumerable<string> names;
            try { names = Names(fakeBoundParameters ?? new Hashtable()).ToList(); }
            catch (Exception) { names = Enumerable.Empty<string>(); }
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            return names.Where(n => !string.IsNullOrEmpty(n) && pattern.IsMatch(n))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n))
                .ToList();
        }

        /// <summary>The names to offer; may read the current store.</summary>
        protected abstract IEnumerable<string> Names(IDictionary bound);

        private static string Quote(string name) =>
            name.Any(c => char.IsWhiteSpace(c) || "'\"`$(){}[];,@&|<>#".IndexOf(c) >= 0)
                ? "'" + name.Replace("'", "''") + "'" : name;

        protected static ConfigRepository Store(IDictionary bound)
        {
            var connection = Unwrap(bound["Connection"]) as OrsConfigConnection ?? ConnectionRegistry.CurrentConfig;
            return connection != null && connection.IsOpen ? connection.Repository : null;
        }

        protected static object Unwrap(object value) => value is PSObject p ? p.BaseObject : value;

        /// <summary>A -Path as typed, resolved against the session's current location.</summary>
        protected static string FileSystemPath(object value)
        {
            if (!(Unwrap(value) is string typed) || typed.Length == 0) return null;
            // Completion runs inside a pipeline: a nested one on the same runspace may read its location.
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddScript("$ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($args[0])")
                    .AddArgument(typed.Trim('\'', '"'));
                return ps.Invoke().FirstOrDefault()?.BaseObject as string ?? typed;
            }
        }

        protected static IEnumerable<OrsApplication> Applications(IDictionary bound) =>
            Store(bound)?.GetApplications(_ => { }) ?? Enumerable.Empty<OrsApplication>();
    }

    /// <summary>ORS Application names of the current store.</summary>
    public sealed class ApplicationNameCompleter : NameCompleter
    {
        protected override IEnumerable<string> Names(IDictionary bound) => Applications(bound).Select(a => a.Name);
    }

    /// <summary>Cluster names of the current store, in every form the module reads.</summary>
    public sealed class ClusterNameCompleter : NameCompleter
    {
        protected override IEnumerable<string> Names(IDictionary bound)
        {
            var store = Store(bound);
            return store == null ? Enumerable.Empty<string>()
                : Cluster.ClusterReader.Read(store, _ => { }).Clusters.Select(c => c.Name);
        }
    }

    /// <summary>Option sections: the catalogue's, and those of an Application given as -InputObject.</summary>
    public sealed class OptionSectionCompleter : NameCompleter
    {
        protected override IEnumerable<string> Names(IDictionary bound)
        {
            var known = CatalogCache.Get().Options.Select(o => o.Section);
            return Unwrap(bound["InputObject"]) is OrsApplication app ? known.Concat(app.Options.SectionNames) : known;
        }
    }

    /// <summary>Option names of the -Section given (any when none), from the catalogue and -InputObject.</summary>
    public sealed class OptionNameCompleter : NameCompleter
    {
        protected override IEnumerable<string> Names(IDictionary bound)
        {
            string section = Unwrap(bound["Section"]) as string;
            var sections = new WildcardPattern(string.IsNullOrEmpty(section) ? "*" : section,
                WildcardOptions.IgnoreCase);
            var known = CatalogCache.Get().Options.Where(o => sections.IsMatch(o.Section)).Select(o => o.Name);
            if (!(Unwrap(bound["InputObject"]) is OrsApplication app)) return known;
            var own = app.Options.Where(s => sections.IsMatch(s.Name)).SelectMany(s => s.Select(o => o.Name));
            return known.Concat(own);
        }
    }

    /// <summary>The Applications of the current lab (or of the lab at -Path).</summary>
    public sealed class LabApplicationCompleter : NameCompleter
    {
        protected override IEnumerable<string> Names(IDictionary bound)
        {
            var lab = Unwrap(bound["Lab"]) as Lab.OrsLab ?? ConnectionRegistry.CurrentSessions as Lab.OrsLab;
            string path = FileSystemPath(bound["Path"]);
            if (lab == null && path != null) lab = Lab.OrsLab.Open(path);
            return lab == null ? Enumerable.Empty<string>() : lab.Read(s => s.Processes.Select(p => p.Name).ToList());
        }
    }

    /// <summary>
    /// The run ids in the journal at -Path: a hint read without checking seals (Get-OrsUpgradeJournal
    /// checks them).
    /// </summary>
    public sealed class JournalRunIdCompleter : NameCompleter
    {
        private static readonly System.Text.RegularExpressions.Regex RunIdField =
            new System.Text.RegularExpressions.Regex("\"RunId\"\\s*:\\s*\"([^\"]+)\"");

        protected override IEnumerable<string> Names(IDictionary bound)
        {
            string path = FileSystemPath(bound["Path"]);
            if (path == null || !System.IO.File.Exists(path)) return Enumerable.Empty<string>();
            return System.IO.File.ReadLines(path).Select(l => RunIdField.Match(l))
                .Where(m => m.Success).Select(m => m.Groups[1].Value);
        }
    }
}
