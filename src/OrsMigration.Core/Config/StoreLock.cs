using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace OrsMigration.Config
{
    /// <summary>
    /// An exclusive lock over a folder, held by an open lock file. Two shells writing one store
    /// take turns here, so the read-compare-write of a guarded update is never interleaved.
    /// The lock file is never deleted: deleting it would let a waiter lock a different inode.
    /// </summary>
    public sealed class StoreLock : IDisposable
    {
        private readonly FileStream _stream;

        private StoreLock(FileStream stream) { _stream = stream; }

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

        public static StoreLock Acquire(string folder, TimeSpan timeout, string what)
        {
            string path = Path.Combine(folder, ".orsmigration.lock");
            RefuseLink(path, what);
            var watch = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (watch.Elapsed < timeout)
                {
                    Thread.Sleep(15);
                }
                catch (IOException e)
                {
                    throw new OrsException("StoreLocked", OrsErrorKind.ResourceBusy,
                        $"{what} '{folder}' stayed locked by another process for {timeout.TotalSeconds:0} s. Wait " +
                        "for the other operation to finish and try again.",
                        folder, e);
                }
            }
        }

        /// <summary>
        /// Takes a lock file at once or throws IOException (held elsewhere); a link in its place is refused.
        /// </summary>
        public static StoreLock AcquireFile(string path, string what)
        {
            RefuseLink(path, what);
            return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }

        public void Dispose() => _stream.Dispose();

        /// <summary>
        /// A link in the lock file's place (dangling or not) would make the lock create or lock a
        /// file elsewhere; it is refused rather than followed.
        /// </summary>
        internal static void RefuseLink(string path, string what)
        {
            FileAttributes attributes;
            try { attributes = new FileInfo(path).Attributes; }
            catch (IOException) { return; }
            if ((int)attributes != -1 && (attributes & FileAttributes.ReparsePoint) != 0)
                throw new OrsException("LockFileIsLink", OrsErrorKind.SecurityError,
                    $"{what}: '{path}' is a symbolic link or junction, not a lock file; nothing was written. " +
                    "Remove the link (someone placed it there) and try again.", path);
        }
    }
}
