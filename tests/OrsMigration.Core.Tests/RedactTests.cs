using OrsMigration.Cql;
using OrsMigration.Util;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>Text from servers and tools goes into errors only masked and capped.</summary>
    public class RedactTests
    {
        private const string Secret = "Pa\"ss w/rd";

        [Theory]
        [InlineData("login failed for {\"username\":\"admin\",\"password\":\"Pa\\\"ss w/rd\"}")]
        [InlineData("bad request: username=admin&password=Pa%22ss%20w%2Frd")]
        [InlineData("echo: Pa\"ss w/rd")]
        [InlineData("auth header: UGEic3Mgdy9yZA==")]
        public void EveryFormOfTheSecretIsMasked(string text)
        {
            string clean = Redact.Text(text, new[] { Secret });
            Assert.DoesNotContain("ss w", clean);
            Assert.DoesNotContain("Pa%22", clean);
            Assert.DoesNotContain("UGEic3Mgdy9yZA", clean);
        }

        [Fact]
        public void AnyLabelledPasswordIsMaskedAndTheTextIsCapped()
        {
            string clean = Redact.Text("{\"password\":\"unknown-to-us\"} " + new string('x', 1000), null, 100);
            Assert.DoesNotContain("unknown-to-us", clean);
            Assert.True(clean.Length <= 103);
        }

        [Fact]
        public void ACassandraErrorThatEchoesThePasswordIsMasked()
        {
            var body = new CqlWriter().Int(0x0100).String("Bad credentials for admin/" + Secret).ToArray();
            var error = CqlErrorDecoder.Decode(new CqlReader(body), Secret);
            Assert.DoesNotContain(Secret, error.Message);
            Assert.Contains("Bad credentials", error.Message);
        }
    }
}
