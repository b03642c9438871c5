namespace OrsMigration
{
    /// <summary>The one parser of 'section/name' option keys (-Option tables, the runner's new options).</summary>
    public readonly struct OptionKey
    {
        public OptionKey(string section, string name)
        {
            Section = section;
            Name = name;
        }

        public string Section { get; }
        public string Name { get; }

        public override string ToString() => Section + "/" + Name;

        /// <summary>Splits at the first '/': a section name holds none, an option name may.</summary>
        public static OptionKey Parse(string key)
        {
            key = key ?? string.Empty;
            int slash = key.IndexOf('/');
            string section = slash > 0 ? key.Substring(0, slash).Trim() : string.Empty;
            string name = slash > 0 ? key.Substring(slash + 1).Trim() : string.Empty;
            if (section.Length == 0 || name.Length == 0)
                throw new OrsException("InvalidOptionKey", OrsErrorKind.InvalidArgument,
                    $"-Option key '{key}' is not 'section/name' (for example 'orchestration/functions-by-urs'). " +
                    "Nothing was changed.", key);
            return new OptionKey(section, name);
        }
    }
}
