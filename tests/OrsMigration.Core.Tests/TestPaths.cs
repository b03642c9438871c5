using System;
using System.IO;

namespace OrsMigration.Tests
{
    internal static class TestPaths
    {
        public static string Corpus(string kind) => Path.Combine(AppContext.BaseDirectory, "cfg-corpus", kind);

        /// <summary>A symbolic link (.NET Framework has no API for one; its suite runs on Mono, with ln).</summary>
        public static void CreateSymbolicLink(string path, string target)
        {
#if NETFRAMEWORK
            using (var ln = System.Diagnostics.Process.Start("ln", $"-s \"{target}\" \"{path}\""))
                ln.WaitForExit();
#else
            File.CreateSymbolicLink(path, target);
#endif
        }

        /// <summary>Bytes allocated so far (.NET Framework: the heap's size, which a huge buffer would show).</summary>
        public static long AllocatedBytes()
        {
#if NETFRAMEWORK
            return GC.GetTotalMemory(false);
#else
            return GC.GetTotalAllocatedBytes(true);
#endif
        }
        public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

        /// <summary>A fresh copy of a sample store in a temporary folder.</summary>
        public static string CopyOfSample(string name)
        {
            string target = NewTempDir();
            CopyDir(Sample(name), target);
            return target;
        }

        /// <summary>The repository: the first folder above the test binaries that holds OrsMigration.slnx.</summary>
        public static string RepoRoot
        {
            get
            {
                for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                    if (File.Exists(Path.Combine(d.FullName, "OrsMigration.slnx"))) return d.FullName;
                throw new InvalidOperationException("The repository root (OrsMigration.slnx) is not above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>What tests/thrift/Prepare-Thrift.ps1 makes from packages (build.ps1 -Task Test runs it first).</summary>
        public static string ThriftOut
        {
            get
            {
                string dir = Path.Combine(RepoRoot, "out", "thrift");
                if (!File.Exists(Path.Combine(dir, "gen-py", ".generated")))
                    throw new InvalidOperationException("The Thrift test files are missing: run 'dotnet pwsh tests/thrift/Prepare-Thrift.ps1' " +
                        "(build.ps1 -Task Test does) after installing thrift-compiler python3-thrift python3-thriftpy python3-ply and npm.");
                return dir;
            }
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
