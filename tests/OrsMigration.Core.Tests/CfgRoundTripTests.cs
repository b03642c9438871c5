using System.Collections.Generic;
using System.Linq;
using CsCheck;
using OrsMigration.Cfg;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>Property tests: whatever the writer accepts, the reader gives back exactly, byte for byte.</summary>
    public class CfgRoundTripTests
    {
        // Printable ASCII plus some Latin-1, a symbol and a non-BMP pair: what real option files hold.
        private static readonly Gen<char> AnyChar = Gen.Frequency(
            (20, Gen.Char[' ', '~']),
            (3, Gen.Char['\u00A0', '\u00FF']),
            (1, Gen.OneOfConst('€', 'é', 'ß', '\t', '\u3042')));

        private static readonly Gen<string> SectionName =
            Gen.String[AnyChar, 1, 12].Where(s => s.Trim() == s && s.Length > 0);

        private static readonly Gen<string> OptionName =
            Gen.String[AnyChar, 1, 16].Where(s => s.Length > 0 && s.Trim() == s && !s.Contains('=') && ";#[".IndexOf(s[0]) < 0);

        private static readonly Gen<string> Value = Gen.String[AnyChar, 0, 40];

        private static readonly Gen<OptionSet> Options =
            Gen.Select(SectionName, Gen.Select(OptionName, Value).List[0, 6]).List[0, 5].Select(sections =>
            {
                var set = new OptionSet();
                foreach (var (name, options) in sections)
                {
                    var section = set.GetOrAddSection(name);
                    foreach (var (key, value) in options.GroupBy(o => o.Item1).Select(g => g.First()))
                        section.Set(key, value);
                }
                return set;
            });

        [Fact]
        public void WriteThenReadGivesTheSameOptionsInTheSameOrder()
        {
            Gen.Select(Options, Gen.OneOfConst(CfgFlavor.Cfg, CfgFlavor.Conf), Gen.OneOfConst(CfgEncoding.Utf8, CfgEncoding.Utf8Bom))
               .Sample((options, flavor, encoding) =>
               {
                   var bytes = CfgWriter.ToBytes(options, flavor, encoding);
                   var doc = CfgReader.Parse(bytes, flavor == CfgFlavor.Conf ? "x.conf" : "x.cfg");
                   Assert.True(options.SequenceEquals(doc.Options), "options differ after a round trip");
                   Assert.Equal(flavor, doc.Flavor);
                   if (options.SectionCount > 0) Assert.Equal(encoding, doc.Encoding);
               }, iter: 500);
        }

        [Fact]
        public void ReadThenWriteOfAModuleFileIsByteIdentical()
        {
            Gen.Select(Options, Gen.OneOfConst(CfgFlavor.Cfg, CfgFlavor.Conf), Gen.OneOfConst(CfgEncoding.Utf8, CfgEncoding.Utf8Bom, CfgEncoding.Windows1252))
               .Where((o, f, e) => e != CfgEncoding.Windows1252 || Unambiguous1252(CfgWriter.ToText(o, f)))
               .Sample((options, flavor, encoding) =>
               {
                   var bytes = CfgWriter.ToBytes(options, flavor, encoding);
                   var doc = CfgReader.Parse(bytes, flavor == CfgFlavor.Conf ? "x.conf" : "x.cfg");
                   Assert.Equal(bytes, CfgWriter.ToBytes(doc.Options, doc.Flavor, doc.Encoding));
               }, iter: 500);
        }

        /// <summary>
        /// Windows-1252 text whose bytes are also valid UTF-8 (such as "Ã©") is read as UTF-8, as
        /// FORMATS.md prescribes, and 1252 text that holds a UTF-8 sequence anywhere is refused as
        /// ambiguous (a damaged UTF-8 file looks the same); only text that cannot be mistaken
        /// either way round-trips as 1252.
        /// </summary>
        private static bool Unambiguous1252(string text)
        {
            var encoded = Windows1252.Encode(text, out _);
            if (encoded == null) return false;
            if (encoded.All(b => b < 0x80)) return true;
            return !CfgReader.HasUtf8Sequence(encoded);
        }

        [Fact]
        public void AUtf8FileWithOneStrayByteIsRefusedNotReadAs1252()
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes("[geo]\r\ncity=Zürich – Genève\r\nx=1\r\n").ToList();
            utf8.Insert(utf8.Count - 3, 0xFF);
            var e = Assert.Throws<CfgFormatException>(() => CfgReader.Parse(utf8.ToArray(), "x.cfg"));
            Assert.Contains("x.cfg:3", e.Message);
            var latin = Windows1252.Encode("[geo]\r\ncity=Zürich – Genève\r\n", out _);
            Assert.Equal(CfgEncoding.Windows1252, CfgReader.Parse(latin, "y.cfg").Encoding);
        }

        [Theory]
        [InlineData("line\nbreak")]
        [InlineData("carriage\rreturn")]
        [InlineData("nul\0byte")]
        public void AValueTheFormatCannotHoldIsAnError(string value)
        {
            var options = new OptionSet();
            options.Set("orchestration", "x", value);
            var e = Assert.Throws<CfgWriteException>(() => CfgWriter.ToBytes(options, CfgFlavor.Cfg, CfgEncoding.Utf8, "ORS_1 (dbid 104)"));
            Assert.Contains("orchestration/x", e.Message);
            Assert.Contains("ORS_1", e.Message);
        }

        [Theory]
        [InlineData(" lead")]
        [InlineData("a=b")]
        [InlineData(";comment")]
        [InlineData("[bracket")]
        [InlineData("")]
        public void ANameTheReaderWouldReadDifferentlyIsAnError(string name)
        {
            var options = new OptionSet();
            options.Set("s", name, "v");
            Assert.Throws<CfgWriteException>(() => CfgWriter.ToBytes(options, CfgFlavor.Conf));
        }

        [Fact]
        public void ALoneSurrogateIsAnErrorNotAQuestionMark()
        {
            var options = new OptionSet();
            options.Set("s", "k", "bad\uD800");
            Assert.Throws<CfgWriteException>(() => CfgWriter.ToBytes(options, CfgFlavor.Cfg));
        }

        [Fact]
        public void WritesTheDocumentedShape()
        {
            var options = new OptionSet();
            options.Set("confserv", "port", "2520");
            options.Set("log", "verbose", "standard");
            Assert.Equal("[confserv]\r\nport=2520\r\n[log]\r\nverbose=standard\r\n", System.Text.Encoding.UTF8.GetString(CfgWriter.ToBytes(options, CfgFlavor.Cfg)));
            Assert.Equal("[confserv]\nport=2520\n[log]\nverbose=standard\n", System.Text.Encoding.UTF8.GetString(CfgWriter.ToBytes(options, CfgFlavor.Conf)));
        }
    }
}
