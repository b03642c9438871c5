using System;

namespace OrsMigration.Cfg
{
    /// <summary>A .cfg/.conf file that cannot be read, with the file and line at fault.</summary>
    public sealed class CfgFormatException : FormatException
    {
        public CfgFormatException(string file, int line, string problem)
            : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
        {
            File = file;
            Line = line;
            Problem = problem;
        }

        public string File { get; }
        /// <summary>1-based line number; 0 when the problem is the file as a whole.</summary>
        public int Line { get; }
        public string Problem { get; }
    }

    /// <summary>An option set that cannot be written without changing what it means.</summary>
    public sealed class CfgWriteException : InvalidOperationException
    {
        public CfgWriteException(string message) : base(message) { }
    }
}
