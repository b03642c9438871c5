using System;

namespace OrsMigration.Cql
{
    /// <summary>An error from the CQL client or a Cassandra node, carrying the server's code and message.</summary>
    public class CqlException : OrsException
    {
        public CqlException(string errorId, OrsErrorKind kind, int code, string message, Exception inner = null)
            : base(errorId, kind, message, null, inner)
        {
            Code = code;
        }

        /// <summary>The native protocol error code (0 for client-side errors).</summary>
        public int Code { get; }
        /// <summary>The node that answered, when known.</summary>
        public string Host { get; internal set; }
    }

    /// <summary>The connection broke or the server spoke something that is not the protocol.</summary>
    public class CqlProtocolException : CqlException
    {
        public CqlProtocolException(string message, Exception inner = null) : base("CqlProtocol", OrsErrorKind.InvalidData, 0x000A, message, inner) { }
    }

    public class CqlConnectionException : CqlException
    {
        public CqlConnectionException(string message, Exception inner = null) : base("CassandraUnreachable", OrsErrorKind.ReadError, 0, message, inner) { }
    }

    public class CqlTimeoutException : CqlException
    {
        public CqlTimeoutException(string message) : base("CassandraTimeout", OrsErrorKind.OperationTimeout, 0, message) { }
    }

    /// <summary>The native protocol's error codes (native_protocol_v4.spec, section 9), by name.</summary>
    public static class CqlErrorCode
    {
        public const int ServerError = 0x0000;
        public const int ProtocolError = 0x000A;
        public const int BadCredentials = 0x0100;
        public const int Unavailable = 0x1000;
        public const int Overloaded = 0x1001;
        public const int IsBootstrapping = 0x1002;
        public const int WriteTimeout = 0x1100;
        public const int ReadTimeout = 0x1200;
        public const int SyntaxError = 0x2000;
        public const int Invalid = 0x2200;
        public const int AlreadyExists = 0x2400;
        public const int Unprepared = 0x2500;
    }

    public class CqlServerError : CqlException
    {
        public CqlServerError(string id, OrsErrorKind kind, int code, string message) : base(id, kind, code, message) { }
    }

    public sealed class CqlAuthenticationException : CqlServerError
    {
        public CqlAuthenticationException(string message) : base("CassandraAuthenticationFailed", OrsErrorKind.SecurityError, 0x0100, message) { }
    }

    public sealed class CqlUnavailableException : CqlServerError
    {
        public CqlUnavailableException(string message, CqlConsistency consistency, int required, int alive)
            : base("CqlUnavailable", OrsErrorKind.ResourceBusy, 0x1000, message)
        {
            Consistency = consistency; Required = required; Alive = alive;
        }
        public CqlConsistency Consistency { get; }
        public int Required { get; }
        public int Alive { get; }
    }

    public sealed class CqlReadTimeoutException : CqlServerError
    {
        public CqlReadTimeoutException(string message, CqlConsistency consistency, int received, int blockFor, bool dataPresent)
            : base("CqlReadTimeout", OrsErrorKind.OperationTimeout, 0x1200, message)
        {
            Consistency = consistency; Received = received; BlockFor = blockFor; DataPresent = dataPresent;
        }
        public CqlConsistency Consistency { get; }
        public int Received { get; }
        public int BlockFor { get; }
        public bool DataPresent { get; }
    }

    public sealed class CqlWriteTimeoutException : CqlServerError
    {
        public CqlWriteTimeoutException(string message, CqlConsistency consistency, int received, int blockFor, string writeType)
            : base("CqlWriteTimeout", OrsErrorKind.OperationTimeout, 0x1100, message)
        {
            Consistency = consistency; Received = received; BlockFor = blockFor; WriteType = writeType;
        }
        public CqlConsistency Consistency { get; }
        public int Received { get; }
        public int BlockFor { get; }
        public string WriteType { get; }
    }

    public sealed class CqlAlreadyExistsException : CqlServerError
    {
        public CqlAlreadyExistsException(string message, string keyspace, string table)
            : base("CqlAlreadyExists", OrsErrorKind.ResourceExists, 0x2400, message) { Keyspace = keyspace; Table = table; }
        public string Keyspace { get; }
        public string Table { get; }
    }

    public sealed class CqlUnpreparedException : CqlServerError
    {
        public CqlUnpreparedException(string message, byte[] id) : base("CqlUnprepared", OrsErrorKind.InvalidOperation, 0x2500, message) { Id = id; }
        public byte[] Id { get; }
    }

    internal static class CqlErrorDecoder
    {
        /// <summary>Turns an ERROR body into the typed exception for its code, with the server's message.</summary>
        public static CqlServerError Decode(CqlReader r, string secret = null)
        {
            int code = r.Int();
            // A server's message may echo what it was sent: masked, capped, never a raw dump.
            string message = Util.Redact.Text(r.String(), secret == null ? null : new[] { secret });
            switch (code)
            {
                case 0x0100: return new CqlAuthenticationException($"Cassandra refused the credentials: {message}");
                case 0x1000: return new CqlUnavailableException($"Unavailable: {message}", (CqlConsistency)r.UShort(), r.Int(), r.Int());
                case 0x1100: return new CqlWriteTimeoutException($"Write timeout: {message}", (CqlConsistency)r.UShort(), r.Int(), r.Int(), r.String());
                case 0x1200: return new CqlReadTimeoutException($"Read timeout: {message}", (CqlConsistency)r.UShort(), r.Int(), r.Int(), r.Byte() != 0);
                case 0x2400: return new CqlAlreadyExistsException($"Already exists: {message}", r.String(), r.String());
                case 0x2500: return new CqlUnpreparedException($"Unprepared: {message}", r.ShortBytes());
                default:
                    var (id, kind, label) = Describe(code);
                    return new CqlServerError(id, kind, code, $"{label}: {message}");
            }
        }

        private static (string, OrsErrorKind, string) Describe(int code)
        {
            switch (code)
            {
                case 0x0000: return ("CqlServerError", OrsErrorKind.InvalidOperation, "Server error");
                case 0x000A: return ("CqlProtocol", OrsErrorKind.InvalidData, "Protocol error");
                case 0x1001: return ("CqlOverloaded", OrsErrorKind.ResourceBusy, "Overloaded");
                case 0x1002: return ("CqlBootstrapping", OrsErrorKind.ResourceBusy, "Node is bootstrapping");
                case 0x1003: return ("CqlTruncateError", OrsErrorKind.WriteError, "Truncate error");
                case 0x1300: return ("CqlReadFailure", OrsErrorKind.ReadError, "Read failure");
                case 0x1400: return ("CqlFunctionFailure", OrsErrorKind.InvalidOperation, "Function failure");
                case 0x1500: return ("CqlWriteFailure", OrsErrorKind.WriteError, "Write failure");
                case 0x2000: return ("CqlSyntaxError", OrsErrorKind.InvalidArgument, "Syntax error");
                case 0x2100: return ("CqlUnauthorized", OrsErrorKind.SecurityError, "Unauthorized");
                case 0x2200: return ("CqlInvalid", OrsErrorKind.InvalidArgument, "Invalid query");
                case 0x2300: return ("CqlConfigError", OrsErrorKind.InvalidOperation, "Configuration error");
                default: return ("CqlServerError", OrsErrorKind.InvalidOperation, $"Error 0x{code:X4}");
            }
        }

        /// <summary>Errors after which the same request may go to another node.</summary>
        public static bool IsRetryableElsewhere(Exception e) =>
            e is CqlServerError s && (s.Code == CqlErrorCode.Overloaded || s.Code == CqlErrorCode.IsBootstrapping
                || s.Code == CqlErrorCode.Unavailable)
            || e is CqlConnectionException;
    }
}
