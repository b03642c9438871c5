using System;
using System.IO;

namespace OrsMigration.Util
{
    /// <summary>
    /// A temporary file that lives as long as its stream: work too large to keep in memory (a GAX listing, an
    /// index over thousands of exports) goes here, and the operating system's cache, not the process, holds it.
    /// </summary>
    internal static class ScratchFile
    {
        /// <summary>
        /// Opens a new empty file in the temporary folder. Where the system allows it the name is removed at once,
        /// so not even a killed process leaves it behind; elsewhere it goes when the stream closes.
        /// </summary>
        public static FileStream Create(int bufferSize)
        {
            string path = Path.Combine(Path.GetTempPath(), "OrsMigration-" + Guid.NewGuid().ToString("N") + ".tmp");
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, bufferSize,
                    FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OrsException("ScratchFileFailed", OrsErrorKind.WriteError,
                    $"A temporary file could not be created in '{Path.GetTempPath()}' ({e.Message}); listings from " +
                    "GAX and the export manifest's index are kept there while they are used. Free space or fix the " +
                    "permissions of the temporary folder (TEMP or TMPDIR).", path, e);
            }
            if (Path.DirectorySeparatorChar == '/') TryDelete(path);
            return file;
        }

        public static void ReadFully(Stream stream, byte[] buffer, int count)
        {
            for (int done = 0; done < count;)
            {
                int n = stream.Read(buffer, done, count - done);
                if (n == 0) throw new EndOfStreamException("A scratch file ended early.");
                done += n;
            }
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
