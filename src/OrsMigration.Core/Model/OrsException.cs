using System;

namespace OrsMigration
{
    /// <summary>What kind of failure an engine error is; the cmdlet layer maps it to an ErrorCategory.</summary>
    public enum OrsErrorKind
    {
        NotFound,
        InvalidArgument,
        InvalidData,
        Conflict,
        ResourceExists,
        ResourceBusy,
        ReadError,
        WriteError,
        InvalidOperation,
        ParserError,
        SecurityError,
        OperationTimeout
    }

    /// <summary>
    /// An engine error meant for an administrator: a stable id (OrsMigration.Xxx), a kind, a
    /// message that names the item and the fix, and the item itself as target.
    /// </summary>
    public class OrsException : Exception
    {
        public OrsException(string errorId, OrsErrorKind kind, string message, object target = null, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId.StartsWith("OrsMigration.", StringComparison.Ordinal) ? errorId : "OrsMigration." + errorId;
            Kind = kind;
            Target = target;
        }

        public string ErrorId { get; }
        public OrsErrorKind Kind { get; }
        public object Target { get; }
    }
}
