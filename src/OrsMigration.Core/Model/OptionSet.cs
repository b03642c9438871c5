using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace OrsMigration
{
    /// <summary>One option of a section: the name and its string value (Genesys options are strings).</summary>
    public sealed class OptionEntry
    {
        public OptionEntry(string name, string value)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Value = value ?? string.Empty;
        }

        public string Name { get; }
        public string Value { get; internal set; }
        public override string ToString() => Name + "=" + Value;
    }

    /// <summary>A named section of options, in the order Configuration Server keeps them.</summary>
    public sealed class OptionSection : IEnumerable<OptionEntry>
    {
        private readonly List<OptionEntry> _options = new List<OptionEntry>();
        // The list keeps Configuration Server's order; the index finds a name without a scan, so reading
        // and restoring an Application stay linear in its options.
        private readonly Dictionary<string, OptionEntry> _byName =
            new Dictionary<string, OptionEntry>(StringComparer.Ordinal);

        public OptionSection(string name)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public string Name { get; }
        public int Count => _options.Count;

        public OptionEntry Find(string name) => name != null && _byName.TryGetValue(name, out var o) ? o : null;
        public bool Contains(string name) => Find(name) != null;
        public string this[string name] => Find(name)?.Value;
        public int IndexOf(string name) => _options.FindIndex(o => o.Name == name);

        /// <summary>Sets an option, keeping its place when it exists, appending it otherwise.</summary>
        public void Set(string name, string value)
        {
            var existing = Find(name);
            if (existing != null) existing.Value = value ?? string.Empty;
            else Add(_options.Count, new OptionEntry(name, value));
        }

        public void Insert(int index, string name, string value)
        {
            if (Contains(name)) throw new InvalidOperationException($"Option '{Name}/{name}' already exists.");
            Add(Math.Max(0, Math.Min(index, _options.Count)), new OptionEntry(name, value));
        }

        private void Add(int index, OptionEntry entry)
        {
            if (index == _options.Count) _options.Add(entry);
            else _options.Insert(index, entry);
            _byName[entry.Name] = entry;
        }

        public bool Remove(string name)
        {
            if (!_byName.TryGetValue(name, out var entry)) return false;
            _byName.Remove(name);
            _options.Remove(entry);
            return true;
        }

        public IEnumerator<OptionEntry> GetEnumerator() => _options.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => $"[{Name}] ({Count} options)";
    }

    /// <summary>
    /// The options of an Application: ordered sections of ordered options. Order matters because
    /// exports and restores must give the administrator back exactly what was there.
    /// Names are compared ordinally (case-sensitive), as Configuration Server stores them.
    /// </summary>
    public sealed class OptionSet : IEnumerable<OptionSection>
    {
        private readonly List<OptionSection> _sections = new List<OptionSection>();
        private readonly Dictionary<string, OptionSection> _byName =
            new Dictionary<string, OptionSection>(StringComparer.Ordinal);

        public int SectionCount => _sections.Count;
        public int OptionCount => _sections.Sum(s => s.Count);
        public IEnumerable<string> SectionNames => _sections.Select(s => s.Name);

        public OptionSection Section(string name) => name != null && _byName.TryGetValue(name, out var s) ? s : null;

        public OptionSection GetOrAddSection(string name)
        {
            var section = Section(name);
            if (section == null)
            {
                section = new OptionSection(name);
                _sections.Add(section);
                _byName[name] = section;
            }
            return section;
        }

        public string Get(string section, string name) => Section(section)?[name];
        public bool Contains(string section, string name) => Section(section)?.Contains(name) == true;
        public void Set(string section, string name, string value) => GetOrAddSection(section).Set(name, value);

        public bool Remove(string section, string name) => Section(section)?.Remove(name) == true;
        public bool RemoveSection(string name)
        {
            if (name == null || !_byName.TryGetValue(name, out var section)) return false;
            _byName.Remove(name);
            _sections.Remove(section);
            return true;
        }

        /// <summary>Every option as (section, name, value), in order.</summary>
        public IEnumerable<(string Section, string Name, string Value)> Flatten() =>
            _sections.SelectMany(s => s.Select(o => (s.Name, o.Name, o.Value)));

        public OptionSet Clone()
        {
            var copy = new OptionSet();
            foreach (var s in _sections)
            {
                var cs = copy.GetOrAddSection(s.Name);
                foreach (var o in s) cs.Set(o.Name, o.Value);
            }
            return copy;
        }

        /// <summary>True when both hold the same sections and options with the same values in the same order.</summary>
        public bool SequenceEquals(OptionSet other)
        {
            if (other == null || other.SectionCount != SectionCount) return false;
            for (int i = 0; i < _sections.Count; i++)
            {
                var a = _sections[i];
                var b = other._sections[i];
                if (a.Name != b.Name || a.Count != b.Count) return false;
                if (!a.Zip(b, (x, y) => x.Name == y.Name && x.Value == y.Value).All(eq => eq)) return false;
            }
            return true;
        }

        public IEnumerator<OptionSection> GetEnumerator() => _sections.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => $"{SectionCount} sections, {OptionCount} options";
    }
}
