using System;
using System.Security.Cryptography;
using System.Text;
using OrsMigration.Util;

namespace OrsMigration.Integrity
{
    /// <summary>
    /// How the module seals what it must be able to trust later (manifest entries, journal lines).
    /// Without a key the seal is a plain SHA-256: it detects damage (a torn write, a bad disk, a
    /// careless edit) but anyone can recompute it. With a key it is an HMAC-SHA256 that nobody
    /// without the key can forge.
    /// </summary>
    public sealed class IntegrityKey
    {
        private const string KeyedPrefix = "hmac-sha256:";
        private const string PlainPrefix = "sha256:";
        private readonly byte[] _key;

        private IntegrityKey(byte[] key) { _key = key; }

        /// <summary>
        /// A key from a secret (a password, a SecretManagement secret); the secret itself is not kept.
        /// </summary>
        public static IntegrityKey FromSecret(string secret)
        {
            if (string.IsNullOrEmpty(secret))
                throw new OrsException("IntegrityKeyEmpty", OrsErrorKind.InvalidArgument,
                    "-IntegrityKey holds an empty secret; give a non-empty password or secret.", null);
            using (var sha = SHA256.Create())
            {
                byte[] salted = Encoding.UTF8.GetBytes("OrsMigration integrity key\n" + secret);
                return new IntegrityKey(sha.ComputeHash(salted));
            }
        }

        /// <summary>The seal of a text: "hmac-sha256:..." with a key, "sha256:..." without.</summary>
        public static string Seal(string text, IntegrityKey key)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            if (key == null) return PlainPrefix + AtomicFile.Sha256Hex(bytes);
            using (var hmac = new HMACSHA256(key._key))
                return KeyedPrefix + AtomicFile.ToHex(hmac.ComputeHash(bytes));
        }

        /// <summary>Null when the seal holds; otherwise what is wrong, in words for an administrator.</summary>
        public static string Check(string text, string seal, IntegrityKey key)
        {
            if (string.IsNullOrEmpty(seal)) return "it carries no integrity seal (written by an older version, or " +
                "edited)";
            bool keyed = seal.StartsWith(KeyedPrefix, StringComparison.Ordinal);
            if (keyed && key == null)
                return "it was sealed with an integrity key; pass the same key with -IntegrityKey to check it";
            if (!keyed && key != null)
                return "it is not sealed with a key, so anyone could have rewritten it; without -IntegrityKey it can " +
                       "only be checked for damage";
            if (FixedTimeEquals(Seal(text, key), seal)) return null;
            return keyed ? "its seal does not match: it was changed by someone without the key, or the key differs"
                         : "its checksum does not match: it is damaged (or was edited)";
        }

        private static bool FixedTimeEquals(string a, string b)
        {
            if (a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }
    }
}
