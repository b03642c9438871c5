using System;
using System.IO;

namespace OrsMigration.Tests
{
    internal static class TestPaths
    {
        public static string Corpus(string kind) => Path.Combine(AppContext.BaseDirectory, "cfg-corpus", kind);
        public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

        /// <summary>A fresh copy of a sample store in a temporary folder.</summary>
        public static string CopyOfSample(string name)
        {
            string target = NewTempDir();
            CopyDir(Sample(name), target);
            return target;
        }

        public static string NewTempDir()
        {
            string dir = Path.Combine(Path.GetTempPath(), "ors-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        private static void CopyDir(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
            foreach (var d in Directory.GetDirectories(from)) CopyDir(d, Path.Combine(to, Path.GetFileName(d)));
        }
    }
}
