using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace OrsMigration.Util
{
    /// <summary>
    /// Writes a file so that a crash leaves either the old file or the new one, never half of
    /// one: temporary file in the same folder, flushed to disk, then renamed over the target.
    /// Reads share the file with writers and deleters, as Windows needs when another shell, an
    /// antivirus scanner or a backup agent has it open.
    /// </summary>
    internal static class AtomicFile
    {
        /// <summary>How long a write waits out a file held open elsewhere (Windows sharing violations).</summary>
        public static TimeSpan SharingRetry { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// A temporary file older than this was left by a crashed write and is removed by the next write.
        /// </summary>
        public static TimeSpan StaleTemporaryAge { get; set; } = TimeSpan.FromMinutes(5);

        /// <param name="durable">Flush to the disk before the rename (exports, stores, journals); a simulation's scratch state may skip it.</param>
        public static void WriteAllBytes(string path, byte[] bytes, bool durable = true) =>
            Write(path, fs => fs.Write(bytes, 0, bytes.Length), durable);

        /// <summary>
        /// Writes a file through a stream, whole or not at all, as WriteAllBytes does: for a large file
        /// (a manifest of many exports) written without holding it in memory first.
        /// </summary>
        public static void Write(string path, Action<Stream> write, bool durable = true)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(dir);
            RemoveStaleTemporariesNow(dir);
            string temp = Path.Combine(dir,
                TempPrefix(Path.GetFileName(path)) + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
                {
                    write(fs);
                    fs.Flush(durable);
                }
                Retry(() =>
                {
                    if (File.Exists(path)) File.Replace(temp, path, null);
                    else File.Move(temp, path);
                });
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// <summary>Reads a whole file while letting others read, write or delete it.</summary>
        public static byte[] ReadAllBytes(string path)
        {
            byte[] result = null;
            Retry(() =>
            {
                using (var fs = OpenShared(path))
                using (var buffer = new MemoryStream())
                {
                    fs.CopyTo(buffer);
                    result = buffer.ToArray();
                }
            });
            return result;
        }

        public static FileStream OpenShared(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65536);

        /// <summary>Runs a file operation again while it fails on a sharing violation, for a bounded time.</summary>
        public static void Retry(Action operation)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                try { operation(); return; }
                catch (IOException e) when (IsSharingViolation(e) && watch.Elapsed < SharingRetry)
                {
                    Thread.Sleep(50);
                }
            }
        }

        // ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33) as HRESULTs; Windows only.
        private static bool IsSharingViolation(IOException e) =>
            !(e is FileNotFoundException) && !(e is DirectoryNotFoundException)
            && ((e.HResult & 0xFFFF) == 32 || (e.HResult & 0xFFFF) == 33);

        private static string TempPrefix(string fileName) => "." + fileName + ".";

        /// <summary>
        /// Temporary files of earlier writes to the same file that a crash or a kill left behind.
        /// Only old ones: a younger one may belong to a write in progress in another process.
        /// </summary>
        // When each folder was last swept. Listing a folder costs as much as its files, so a write sweeps
        // at most once per half stale age: writing thousands of files into one folder stays linear.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> Swept =
            new System.Collections.Concurrent.ConcurrentDictionary<string, DateTime>(StringComparer.Ordinal);

        private static void RemoveStaleTemporariesNow(string dir)
        {
            var now = DateTime.UtcNow;
            if (Swept.TryGetValue(dir, out var last) && now - last < TimeSpan.FromTicks(StaleTemporaryAge.Ticks / 2))
                return;
            Swept[dir] = now;
            RemoveStaleTemporaries(dir);
        }

        /// <summary>
        /// Every old temporary file of the module's writes in a folder (called once by a writer opening it).
        /// </summary>
        public static void RemoveStaleTemporaries(string dir) => RemoveStale(dir, ".*.tmp");

        private static void RemoveStale(string dir, string pattern)
        {
            string[] stale;
            try { stale = Directory.GetFiles(dir, pattern); }
            catch (IOException) { return; }
            foreach (var temp in stale)
            {
                try
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(temp) > StaleTemporaryAge) File.Delete(temp);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
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
            using (var fs = OpenShared(path))
                return ToHex(sha.ComputeHash(fs));
        }

        public static string ToHex(byte[] hash)
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
