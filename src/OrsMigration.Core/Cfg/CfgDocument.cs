namespace OrsMigration.Cfg
{
    /// <summary>.cfg is the Windows flavour (CRLF line ends), .conf the UNIX one (LF).</summary>
    public enum CfgFlavor { Cfg, Conf }

    public enum CfgEncoding { Utf8, Utf8Bom, Windows1252 }

    /// <summary>An option file as read: its options and how it was written.</summary>
    public sealed class CfgDocument
    {
        public CfgDocument(OptionSet options, CfgFlavor flavor, CfgEncoding encoding, string source)
        {
            Options = options;
            Flavor = flavor;
            Encoding = encoding;
            Source = source;
        }

        public OptionSet Options { get; }
        public CfgFlavor Flavor { get; }
        /// <summary>The encoding the bytes were decoded with (Windows-1252 when they were not valid UTF-8).</summary>
        public CfgEncoding Encoding { get; }
        public string Source { get; }

        public static CfgFlavor FlavorFromPath(string path) =>
            path != null && path.EndsWith(".conf", System.StringComparison.OrdinalIgnoreCase) ? CfgFlavor.Conf : CfgFlavor.Cfg;
    }
}
