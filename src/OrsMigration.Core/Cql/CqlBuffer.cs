using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace OrsMigration.Cql
{
    /// <summary>Writes the native protocol's notation ([short], [string], [bytes] ...), big-endian.</summary>
    internal sealed class CqlWriter
    {
        private readonly MemoryStream _out = new MemoryStream();

        public int Length => (int)_out.Length;
        public byte[] ToArray() => _out.ToArray();

        public CqlWriter Byte(byte b) { _out.WriteByte(b); return this; }
        public CqlWriter Raw(byte[] bytes) { _out.Write(bytes, 0, bytes.Length); return this; }

        public CqlWriter Short(int v) { _out.WriteByte((byte)(v >> 8)); _out.WriteByte((byte)v); return this; }

        public CqlWriter Int(int v)
        {
            _out.WriteByte((byte)(v >> 24)); _out.WriteByte((byte)(v >> 16)); _out.WriteByte((byte)(v >> 8)); _out.WriteByte((byte)v);
            return this;
        }

        public CqlWriter Long(long v) { Int((int)(v >> 32)); return Int((int)v); }

        public CqlWriter String(string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            if (b.Length > ushort.MaxValue) throw new ArgumentException("A [string] holds at most 65535 bytes.");
            return Short(b.Length).Raw(b);
        }

        public CqlWriter LongString(string s) { var b = Encoding.UTF8.GetBytes(s); return Int(b.Length).Raw(b); }

        /// <summary>[bytes]: null is length -1.</summary>
        public CqlWriter Bytes(byte[] b) => b == null ? Int(-1) : Int(b.Length).Raw(b);

        public CqlWriter ShortBytes(byte[] b) => Short(b.Length).Raw(b);

        public CqlWriter StringMap(IDictionary<string, string> map)
        {
            Short(map.Count);
            foreach (var kv in map) String(kv.Key).String(kv.Value);
            return this;
        }

        public CqlWriter StringList(IList<string> list)
        {
            Short(list.Count);
            foreach (var s in list) String(s);
            return this;
        }
    }

    /// <summary>Reads the native protocol's notation from a frame body.</summary>
    internal sealed class CqlReader
    {
        private readonly byte[] _buffer;
        private int _position;
        private readonly int _end;

        public CqlReader(byte[] buffer, int offset = 0, int count = -1)
        {
            _buffer = buffer;
            _position = offset;
            _end = count < 0 ? buffer.Length : offset + count;
        }

        public int Remaining => _end - _position;

        private void Need(int n)
        {
            if (n < 0 || _position + n > _end)
                throw new CqlProtocolException($"The server sent a truncated message (needed {n} more bytes, {Remaining} left).");
        }

        public byte Byte() { Need(1); return _buffer[_position++]; }

        public int UShort() { Need(2); int v = (_buffer[_position] << 8) | _buffer[_position + 1]; _position += 2; return v; }

        public short SignedShort() => unchecked((short)UShort());

        public int Int()
        {
            Need(4);
            int v = (_buffer[_position] << 24) | (_buffer[_position + 1] << 16) | (_buffer[_position + 2] << 8) | _buffer[_position + 3];
            _position += 4;
            return v;
        }

        public long Long() => ((long)Int() << 32) | (uint)Int();

        public byte[] Raw(int n) { Need(n); var b = new byte[n]; Buffer.BlockCopy(_buffer, _position, b, 0, n); _position += n; return b; }

        public string String() { int n = UShort(); Need(n); var s = Encoding.UTF8.GetString(_buffer, _position, n); _position += n; return s; }

        public string LongString() { int n = Int(); Need(n); var s = Encoding.UTF8.GetString(_buffer, _position, n); _position += n; return s; }

        public byte[] Bytes() { int n = Int(); return n < 0 ? null : Raw(n); }

        /// <summary>A [bytes] value's place in the buffer, not copied; Null (no array) for NULL.</summary>
        public ArraySegment<byte> BytesSegment()
        {
            int n = Int();
            if (n < 0) return Null;
            Need(n);
            var segment = new ArraySegment<byte>(_buffer, _position, n);
            _position += n;
            return segment;
        }

        /// <summary>What BytesSegment returns for NULL.</summary>
        public static readonly ArraySegment<byte> Null = default;

        public byte[] ShortBytes() => Raw(UShort());

        public List<string> StringList()
        {
            int n = UShort();
            var list = new List<string>(n);
            for (int i = 0; i < n; i++) list.Add(String());
            return list;
        }

        public Dictionary<string, List<string>> StringMultiMap()
        {
            int n = UShort();
            var map = new Dictionary<string, List<string>>(n);
            for (int i = 0; i < n; i++) map[String()] = StringList();
            return map;
        }

        public Dictionary<string, byte[]> BytesMap()
        {
            int n = UShort();
            var map = new Dictionary<string, byte[]>(n);
            for (int i = 0; i < n; i++) map[String()] = Bytes();
            return map;
        }

        public System.Net.IPAddress Inet(out int port)
        {
            int size = Byte();
            var address = new System.Net.IPAddress(Raw(size));
            port = Int();
            return address;
        }
    }
}
