using System;
using System.IO;
using System.Linq;
using System.Text;
using OrsMigration.Cfg;
using Xunit;

namespace OrsMigration.Tests
{
    public class CfgReaderTests
    {
        private static CfgDocument Parse(string text, string name = "test.cfg") => CfgReader.Parse(Encoding.UTF8.GetBytes(text), name);

        [Fact]
        public void ReadsSectionsAndOptionsInOrder()
        {
            var doc = Parse("[confserv]\r\nport=2520\r\nmanagement-port=2521\r\n[log]\r\nverbose=standard\r\n");
            Assert.Equal(new[] { "confserv", "log" }, doc.Options.SectionNames);
            Assert.Equal(new[] { "port", "management-port" }, doc.Options.Section("confserv").Select(o => o.Name));
            Assert.Equal(CfgFlavor.Cfg, doc.Flavor);
        }

        [Fact]
        public void ValueIsEverythingAfterTheFirstEqualsVerbatim()
        {
            var doc = Parse("[o]\nurl=http://lb:80/a?b=c&d=e\nspaced =  two  \nempty=\n");
            Assert.Equal("http://lb:80/a?b=c&d=e", doc.Options.Get("o", "url"));
            Assert.Equal("  two  ", doc.Options.Get("o", "spaced"));
            Assert.Equal("", doc.Options.Get("o", "empty"));
            Assert.Equal(CfgFlavor.Conf, doc.Flavor);
        }

        [Fact]
        public void SkipsBlankLinesAndComments()
        {
            var doc = Parse("; c1\n\n# c2\n[s]\n   \n;x=1\nk=v\n");
            Assert.Equal(1, doc.Options.OptionCount);
        }

        [Fact]
        public void FallsBackToWindows1252AndSaysSo()
        {
            var doc = CfgReader.ReadFile(Path.Combine(TestPaths.Corpus("valid"), "windows-1252.cfg"));
            Assert.Equal(CfgEncoding.Windows1252, doc.Encoding);
            Assert.Equal("Café €", doc.Options.Get("orchestration", "note"));
        }

        [Fact]
        public void ReadsUtf8WithBom()
        {
            var doc = CfgReader.ReadFile(Path.Combine(TestPaths.Corpus("valid"), "utf8-bom.conf"));
            Assert.Equal(CfgEncoding.Utf8Bom, doc.Encoding);
            Assert.Equal("  keeps value spaces  ", doc.Options.Get("persistence", "spaced name"));
            Assert.Equal("DC1:2,DC2:2", doc.Options.Get("persistence", "cassandra-strategy-options"));
        }

        public static TheoryData<string> MalformedFiles()
        {
            var data = new TheoryData<string>();
            foreach (var f in Directory.GetFiles(TestPaths.Corpus("malformed")).OrderBy(f => f)) data.Add(Path.GetFileName(f));
            return data;
        }

        [Theory]
        [MemberData(nameof(MalformedFiles))]
        public void EveryMalformedFileGivesOneErrorNamingFileAndLine(string name)
        {
            string path = Path.Combine(TestPaths.Corpus("malformed"), name);
            int expectedLine = int.Parse(name.Split('.').First(p => p.StartsWith("L") && p.Skip(1).All(char.IsDigit)).Substring(1));
            var e = Assert.Throws<CfgFormatException>(() => CfgReader.ReadFile(path));
            Assert.Equal(path, e.File);
            Assert.Equal(expectedLine, e.Line);
            Assert.StartsWith($"{path}:{expectedLine}: ", e.Message);
        }

        [Fact]
        public void TheCorpusHasAtLeastFifteenFiles()
        {
            Assert.True(Directory.GetFiles(TestPaths.Corpus("malformed")).Length >= 15);
        }

        [Fact]
        public void DuplicateOptionNamesBothLines()
        {
            var e = Assert.Throws<CfgFormatException>(() => Parse("[s]\nk=1\nk=2\n"));
            Assert.Contains("first at line 2", e.Message);
            Assert.Equal(3, e.Line);
        }
    }
}
