using System;

namespace OrsMigration.Thrift
{
    /// <summary>An error of the Thrift client or of a Cassandra node answering through Thrift.</summary>
    public class ThriftException : OrsException
    {
        public ThriftException(string errorId, OrsErrorKind kind, string message, Exception inner = null)
            : base(errorId, kind, message, null, inner) { }

        /// <summary>The node that answered, when known.</summary>
        public string Host { get; internal set; }
    }

    /// <summary>
    /// The server spoke something that is not Thrift's strict binary protocol, or broke off mid-value.
    /// </summary>
    public sealed class ThriftProtocolException : ThriftException
    {
        public ThriftProtocolException(string message, Exception inner = null)
            : base("ThriftProtocol", OrsErrorKind.InvalidData, message, inner) { }
    }

    public sealed class ThriftConnectionException : ThriftException
    {
        public ThriftConnectionException(string message, Exception inner = null)
            : base("CassandraUnreachable", OrsErrorKind.ReadError, message, inner) { }
    }

    public sealed class ThriftTimeoutException : ThriftException
    {
        public ThriftTimeoutException(string message) : base("CassandraTimeout", OrsErrorKind.OperationTimeout,
            message) { }
    }

    /// <summary>A frame larger than the cap: refused before anything is allocated for it.</summary>
    public sealed class ThriftFrameTooLargeException : ThriftException
    {
        public ThriftFrameTooLargeException(string message)
            : base("ThriftFrameTooLarge", OrsErrorKind.InvalidData, message) { }
    }

    /// <summary>TApplicationException: the server could not run the call at all (1 = unknown method).</summary>
    public sealed class ThriftApplicationException : ThriftException
    {
        public const int UnknownMethod = 1;

        public ThriftApplicationException(string message, int type)
            : base("ThriftApplicationError", OrsErrorKind.InvalidOperation, message)
        {
            Type = type;
        }

        public int Type { get; }
    }

    /// <summary>The exceptions cassandra.thrift declares, as their calls list them.</summary>
    public enum CassandraFault
    {
        InvalidRequest,
        NotFound,
        Unavailable,
        TimedOut,
        Authentication,
        Authorization,
        SchemaDisagreement,
    }

    /// <summary>One of Cassandra's declared exceptions, with its "why" when it has one.</summary>
    public sealed class CassandraThriftException : ThriftException
    {
        public CassandraThriftException(CassandraFault fault, string message)
            : base(IdOf(fault), KindOf(fault), message)
        {
            Fault = fault;
        }

        public CassandraFault Fault { get; }

        private static string IdOf(CassandraFault f)
        {
            switch (f)
            {
                case CassandraFault.Authentication: return "CassandraAuthenticationFailed";
                case CassandraFault.Authorization: return "CassandraAuthorizationFailed";
                default: return "Cassandra" + f;
            }
        }

        private static OrsErrorKind KindOf(CassandraFault f)
        {
            switch (f)
            {
                case CassandraFault.InvalidRequest: return OrsErrorKind.InvalidArgument;
                case CassandraFault.NotFound: return OrsErrorKind.NotFound;
                case CassandraFault.Unavailable: return OrsErrorKind.ResourceBusy;
                case CassandraFault.TimedOut: return OrsErrorKind.OperationTimeout;
                case CassandraFault.SchemaDisagreement: return OrsErrorKind.Conflict;
                default: return OrsErrorKind.SecurityError;
            }
        }
    }
}
