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
    internal sealed class StoreLock : IDisposable
    {
        private readonly FileStream _stream;

        private StoreLock(FileStream stream) { _stream = stream; }

        public static StoreLock Acquire(string folder, TimeSpan timeout, string what)
        {
            string path = Path.Combine(folder, ".orsmigration.lock");
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
                        $"{what} '{folder}' stayed locked by another process for {timeout.TotalSeconds:0} s. Wait for the other operation to finish and try again.",
                        folder, e);
                }
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
