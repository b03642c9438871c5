using System.Security.Cryptography.X509Certificates;
using OrsMigration.Util;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>The name check every runtime gets, on certificates openssl makes.</summary>
    public class CertificateNamesTests
    {
        private static X509Certificate2 Certificate(string names) =>
            new X509Certificate2(CqlTestServer.MakeCertificate(TestPaths.NewTempDir(), names).Cert);

        [Fact]
        public void ADnsNameMatchesItselfInAnyCaseAndNothingElse()
        {
            var cert = Certificate("DNS:cass1.example.com");
            Assert.True(CertificateNames.Matches(cert, "cass1.example.com"));
            Assert.True(CertificateNames.Matches(cert, "CASS1.Example.com"));
            Assert.False(CertificateNames.Matches(cert, "cass2.example.com"));
            Assert.False(CertificateNames.Matches(cert, "10.1.0.5"));
        }

        [Fact]
        public void AWildcardStandsForOneLeftmostLabel()
        {
            var cert = Certificate("DNS:*.dc1.example.com");
            Assert.True(CertificateNames.Matches(cert, "cass1.dc1.example.com"));
            Assert.False(CertificateNames.Matches(cert, "dc1.example.com"));
            Assert.False(CertificateNames.Matches(cert, "a.cass1.dc1.example.com"));
        }

        [Fact]
        public void AnAddressMatchesOnlyAnIpEntry()
        {
            var cert = Certificate("IP:127.0.0.1,DNS:localhost");
            Assert.True(CertificateNames.Matches(cert, "127.0.0.1"));
            Assert.False(CertificateNames.Matches(cert, "127.0.0.2"));
            Assert.False(CertificateNames.Matches(Certificate("DNS:localhost"), "127.0.0.1"));
        }

        [Fact]
        public void TheCheckRefusesAWrongNameEvenWhenTheChainIsTheOnlyErrorReported()
        {
            var cert = Certificate("DNS:localhost");
            var wrongName = new CertificateCheck(false, cert, "127.0.0.1");
            Assert.False(wrongName.Validate(null, cert, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
            Assert.Contains("not issued for that name", wrongName.Problem);
            var rightName = new CertificateCheck(false, cert, "localhost");
            Assert.True(rightName.Validate(null, cert, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        }
    }
}
