using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OrsMigration.Util
{
    /// <summary>
    /// Whether a certificate is issued for a host name or address, read from its subjectAltName (else its
    /// common name). The runtime does this itself, but not on every runtime when the chain is already in
    /// error (Mono reports only the chain), and a CA given for a connection must not excuse a wrong name.
    /// </summary>
    internal static class CertificateNames
    {
        private const string SubjectAltName = "2.5.29.17";
        private const byte DnsNameTag = 0x82, IpAddressTag = 0x87;

        public static bool Matches(X509Certificate2 certificate, string host)
        {
            if (certificate == null || string.IsNullOrEmpty(host)) return false;
            IPAddress.TryParse(host, out var address);
            var names = Names(certificate, out var addresses);
            if (address != null) return addresses.Exists(a => a.Equals(address));
            if (names.Count == 0 && addresses.Count == 0)
                names.Add(certificate.GetNameInfo(X509NameType.SimpleName, false) ?? string.Empty);
            return names.Exists(n => NameMatches(n, host));
        }

        /// <summary>'*.example.com' stands for one leftmost label, as RFC 6125 allows.</summary>
        private static bool NameMatches(string pattern, string host)
        {
            pattern = pattern.TrimEnd('.'); host = host.TrimEnd('.');
            if (!pattern.StartsWith("*.", StringComparison.Ordinal))
                return string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
            int dot = host.IndexOf('.');
            return dot > 0
                && string.Equals(pattern.Substring(1), host.Substring(dot), StringComparison.OrdinalIgnoreCase);
        }

        private static List<string> Names(X509Certificate2 certificate, out List<IPAddress> addresses)
        {
            var names = new List<string>();
            addresses = new List<IPAddress>();
            foreach (var extension in certificate.Extensions)
            {
                if (extension.Oid?.Value != SubjectAltName) continue;
                byte[] der = extension.RawData;
                int at = 0;
                if (der.Length < 2 || der[at++] != 0x30) return names;
                int end = ReadLength(der, ref at) + at;
                while (at < end && at < der.Length)
                {
                    byte tag = der[at++];
                    int length = ReadLength(der, ref at);
                    if (length < 0 || at + length > der.Length) break;
                    if (tag == DnsNameTag) names.Add(Encoding.ASCII.GetString(der, at, length));
                    else if (tag == IpAddressTag && (length == 4 || length == 16))
                    {
                        var bytes = new byte[length];
                        Array.Copy(der, at, bytes, 0, length);
                        addresses.Add(new IPAddress(bytes));
                    }
                    at += length;
                }
            }
            return names;
        }

        /// <summary>A DER length (short or long form); -1 when it cannot be read.</summary>
        private static int ReadLength(byte[] der, ref int at)
        {
            if (at >= der.Length) return -1;
            int first = der[at++];
            if (first < 0x80) return first;
            int count = first & 0x7f, length = 0;
            if (count > 3 || at + count > der.Length) return -1;
            for (int i = 0; i < count; i++) length = (length << 8) | der[at++];
            return length;
        }
    }
}
