using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// Writes one framed message in Thrift's strict binary protocol: a 4-byte big-endian frame
    /// length (filled in by ToFrame), the message header, then the arguments struct.
    /// </summary>
    public sealed class ThriftWriter
    {
        private readonly MemoryStream _buffer = new MemoryStream(256);

        public ThriftWriter() { _buffer.Write(new byte[4], 0, 4); }

        public ThriftWriter MessageBegin(string name, TMessageType type, int seqId)
        {
            I32(unchecked((int)(ThriftBinary.Version1 | (uint)type)));
            String(name);
            return I32(seqId);
        }

        public ThriftWriter Field(TType type, short id)
        {
            _buffer.WriteByte((byte)type);
            return I16(id);
        }

        public ThriftWriter Stop()
        {
            _buffer.WriteByte((byte)TType.Stop);
            return this;
        }

        public ThriftWriter Bool(bool v) { _buffer.WriteByte(v ? (byte)1 : (byte)0); return this; }
        public ThriftWriter Byte(byte v) { _buffer.WriteByte(v); return this; }
        public ThriftWriter I16(short v) => Raw((byte)(v >> 8), (byte)v);
        public ThriftWriter I32(int v) => Raw((byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v);

        public ThriftWriter I64(long v)
        {
            I32((int)(v >> 32));
            return I32((int)v);
        }

        public ThriftWriter Double(double v) => I64(BitConverter.DoubleToInt64Bits(v));
        public ThriftWriter String(string v) => Binary(Encoding.UTF8.GetBytes(v ?? string.Empty));

        public ThriftWriter Binary(byte[] v)
        {
            I32(v.Length);
            _buffer.Write(v, 0, v.Length);
            return this;
        }

        public ThriftWriter ListBegin(TType element, int count)
        {
            _buffer.WriteByte((byte)element);
            return I32(count);
        }

        public ThriftWriter MapBegin(TType key, TType value, int count)
        {
            _buffer.WriteByte((byte)key);
            _buffer.WriteByte((byte)value);
            return I32(count);
        }

        /// <summary>A map&lt;string,string&gt; field, the shape of credentials and strategy options.</summary>
        public ThriftWriter StringMap(IReadOnlyCollection<KeyValuePair<string, string>> map)
        {
            MapBegin(TType.String, TType.String, map.Count);
            foreach (var kv in map) String(kv.Key).String(kv.Value);
            return this;
        }

        /// <summary>The frame: the length prefix set, the bytes ready for the socket.</summary>
        public byte[] ToFrame()
        {
            var bytes = _buffer.ToArray();
            int length = bytes.Length - 4;
            bytes[0] = (byte)(length >> 24);
            bytes[1] = (byte)(length >> 16);
            bytes[2] = (byte)(length >> 8);
            bytes[3] = (byte)length;
            return bytes;
        }

        private ThriftWriter Raw(params byte[] bytes)
        {
            _buffer.Write(bytes, 0, bytes.Length);
            return this;
        }
    }
}
