using System;
using System.IO;
using System.Security.Cryptography;

namespace OrsMigration.Util
{
    /// <summary>
    /// Writes a file so that a crash leaves either the old file or the new one, never half of
    /// one: temporary file in the same folder, flushed to disk, then renamed over the target.
    /// </summary>
    internal static class AtomicFile
    {
        /// <param name="durable">Flush to the disk before the rename (exports, stores, journals); a simulation's scratch state may skip it.</param>
        public static void WriteAllBytes(string path, byte[] bytes, bool durable = true)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(dir);
            string temp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
                {
                    fs.Write(bytes, 0, bytes.Length);
                    fs.Flush(durable);
                }
                if (File.Exists(path)) File.Replace(temp, path, null);
                else File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        public static string Sha256Hex(byte[] bytes)
        {
            using (var sha = SHA256.Create())
                return ToHex(sha.ComputeHash(bytes));
        }

        public static string Sha256OfFile(string path)
        {
            using (var sha = SHA256.Create())
            using (var fs = File.OpenRead(path))
                return ToHex(sha.ComputeHash(fs));
        }

        private static string ToHex(byte[] hash)
        {
            var c = new char[hash.Length * 2];
            for (int i = 0; i < hash.Length; i++)
            {
                c[2 * i] = "0123456789abcdef"[hash[i] >> 4];
                c[2 * i + 1] = "0123456789abcdef"[hash[i] & 15];
            }
            return new string(c);
        }
    }
}
