using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OrsMigration.Util
{
    /// <summary>
    /// Checks a server certificate: trusted by the system and issued for the name connected to, or
    /// chained to a CA given for the connection. The name is always checked; -SkipCertificateCheck
    /// alone skips everything. Problem says in words why a certificate was refused.
    /// </summary>
    internal sealed class CertificateCheck
    {
        private readonly bool _skip;
        private readonly X509Certificate2 _authority;
        private readonly string _host;

        /// <param name="host">The name (or address) connected to, which the certificate must be issued for.</param>
        public CertificateCheck(bool skip, X509Certificate2 authority, string host)
        {
            _skip = skip;
            _authority = authority;
            _host = host;
        }

        public string Problem { get; private set; }

        public bool Validate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (_skip || errors == SslPolicyErrors.None) return true;
            if (errors == SslPolicyErrors.RemoteCertificateChainErrors && _authority != null && certificate != null)
            {
                var leaf = new X509Certificate2(certificate);
                if (!ChainsTo(leaf, _authority))
                {
                    Problem = $"it does not chain to the CA given ({_authority.Subject})";
                    return false;
                }
                // Checked here too: a runtime that found the chain in error may not have looked at the name.
                if (CertificateNames.Matches(leaf, _host)) return true;
                Problem = Describe(SslPolicyErrors.RemoteCertificateNameMismatch);
                return false;
            }
            Problem = Describe(errors);
            return false;
        }

        private static string Describe(SslPolicyErrors errors)
        {
            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return "the server sent no certificate";
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                return "the certificate is not issued for that name";
            return "its issuer is not trusted on this machine";
        }

        private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 authority)
        {
            using (var chain = new X509Chain())
            {
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                chain.ChainPolicy.ExtraStore.Add(authority);
                if (!chain.Build(leaf)) return false;
                var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
                return root.Thumbprint == authority.Thumbprint;
            }
        }
    }
}
