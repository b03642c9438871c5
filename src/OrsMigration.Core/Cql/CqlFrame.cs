using System;

namespace OrsMigration.Cql
{
    internal enum CqlOpcode : byte
    {
        Error = 0x00, Startup = 0x01, Ready = 0x02, Authenticate = 0x03, Options = 0x05, Supported = 0x06,
        Query = 0x07, Result = 0x08, Prepare = 0x09, Execute = 0x0A, Register = 0x0B, Event = 0x0C,
        Batch = 0x0D, AuthChallenge = 0x0E, AuthResponse = 0x0F, AuthSuccess = 0x10
    }

    public enum CqlConsistency : short
    {
        Any = 0, One = 1, Two = 2, Three = 3, Quorum = 4, All = 5, LocalQuorum = 6, EachQuorum = 7, Serial = 8, LocalSerial = 9, LocalOne = 10
    }

    /// <summary>A v3/v4 frame: 9-byte header (version, flags, stream, opcode, length) and a body.</summary>
    internal sealed class CqlFrame
    {
        public const int HeaderLength = 9;
        public const int MaxBodyLength = 256 * 1024 * 1024;
        public const byte FlagTracing = 0x02, FlagCustomPayload = 0x04, FlagWarning = 0x08;

        public byte Version { get; set; }
        public byte Flags { get; set; }
        public short Stream { get; set; }
        public CqlOpcode Opcode { get; set; }
        public byte[] Body { get; set; }

        public bool IsResponse => (Version & 0x80) != 0;

        public static byte[] Encode(int version, short stream, CqlOpcode opcode, byte[] body)
        {
            var frame = new byte[HeaderLength + body.Length];
            frame[0] = (byte)version;
            frame[1] = 0;
            frame[2] = (byte)(stream >> 8);
            frame[3] = (byte)stream;
            frame[4] = (byte)opcode;
            frame[5] = (byte)(body.Length >> 24);
            frame[6] = (byte)(body.Length >> 16);
            frame[7] = (byte)(body.Length >> 8);
            frame[8] = (byte)body.Length;
            Buffer.BlockCopy(body, 0, frame, HeaderLength, body.Length);
            return frame;
        }

        /// <summary>Reads the header; the body length it announces is returned for the caller to read.</summary>
        public static CqlFrame DecodeHeader(byte[] header, out int bodyLength)
        {
            var r = new CqlReader(header, 0, HeaderLength);
            var frame = new CqlFrame { Version = r.Byte(), Flags = r.Byte(), Stream = r.SignedShort(), Opcode = (CqlOpcode)r.Byte() };
            bodyLength = r.Int();
            if (bodyLength < 0 || bodyLength > MaxBodyLength)
                throw new CqlProtocolException($"The server announced a frame body of {bodyLength} bytes, which is not valid.");
            return frame;
        }

        /// <summary>
        /// A reader over the body with the optional prefixes (tracing id, warnings, custom
        /// payload) already stripped; warnings are returned since Cassandra uses them for real problems.
        /// </summary>
        public CqlReader BodyReader(out System.Collections.Generic.List<string> warnings)
        {
            var r = new CqlReader(Body);
            warnings = null;
            if ((Flags & FlagTracing) != 0) r.Raw(16);
            if ((Flags & FlagWarning) != 0) warnings = r.StringList();
            if ((Flags & FlagCustomPayload) != 0) r.BytesMap();
            return r;
        }
    }
}
