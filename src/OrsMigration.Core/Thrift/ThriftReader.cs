using System;
using System.Text;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// Reads one message of Thrift's strict binary protocol from a received frame. Every length
    /// is checked against what is left of the frame before anything is allocated, and unknown
    /// fields are skipped, so a newer server's extra fields or a hostile length cannot hurt.
    /// </summary>
    public sealed class ThriftReader
    {
        private const int MaxDepth = 64;
        private readonly byte[] _buffer;
        private readonly int _end;
        private int _pos;

        public ThriftReader(byte[] buffer, int offset = 0, int count = -1)
        {
            _buffer = buffer;
            _pos = offset;
            _end = count < 0 ? buffer.Length : offset + count;
        }

        public int Remaining => _end - _pos;

        /// <summary>
        /// The header of a reply: its type, name and sequence id; only the strict (versioned) form is accepted.
        /// </summary>
        public (string Name, TMessageType Type, int SeqId) MessageBegin()
        {
            uint word = unchecked((uint)I32());
            if ((word & ThriftBinary.VersionMask) != ThriftBinary.Version1)
                throw new ThriftProtocolException($"The server's answer is not a strict binary Thrift message " +
                    $"(0x{word:x8}).");
            string name = String();
            return (name, (TMessageType)(word & 0xff), I32());
        }

        /// <summary>The next field's type and id; Stop ends the struct.</summary>
        public (TType Type, short Id) Field()
        {
            var type = (TType)Byte();
            return type == TType.Stop ? (type, (short)0) : (type, I16());
        }

        public bool Bool() => Byte() != 0;

        public byte Byte()
        {
            Need(1);
            return _buffer[_pos++];
        }

        public short I16()
        {
            Need(2);
            short v = (short)((_buffer[_pos] << 8) | _buffer[_pos + 1]);
            _pos += 2;
            return v;
        }

        public int I32()
        {
            Need(4);
            int v = (_buffer[_pos] << 24) | (_buffer[_pos + 1] << 16) | (_buffer[_pos + 2] << 8) | _buffer[_pos + 3];
            _pos += 4;
            return v;
        }

        public long I64() => ((long)I32() << 32) | (uint)I32();
        public double Double() => BitConverter.Int64BitsToDouble(I64());

        public string String()
        {
            int length = Length(1);
            string s = Encoding.UTF8.GetString(_buffer, _pos, length);
            _pos += length;
            return s;
        }

        public byte[] Binary()
        {
            int length = Length(1);
            var bytes = new byte[length];
            Buffer.BlockCopy(_buffer, _pos, bytes, 0, length);
            _pos += length;
            return bytes;
        }

        /// <summary>
        /// A binary value's place in the frame without copying it (counting reads only the bytes it needs).
        /// </summary>
        public ArraySegment<byte> BinarySegment()
        {
            int length = Length(1);
            var segment = new ArraySegment<byte>(_buffer, _pos, length);
            _pos += length;
            return segment;
        }

        public (TType Element, int Count) ListBegin()
        {
            var element = (TType)Byte();
            return (element, Length(MinSize(element)));
        }

        public (TType Key, TType Value, int Count) MapBegin()
        {
            var key = (TType)Byte();
            var value = (TType)Byte();
            return (key, value, Length(MinSize(key) + MinSize(value)));
        }

        /// <summary>Skips a value of any type, nested structs and containers included.</summary>
        public void Skip(TType type, int depth = 0)
        {
            if (depth > MaxDepth) throw new ThriftProtocolException("The server's answer nests deeper than any " +
                "Cassandra type.");
            switch (type)
            {
                case TType.Bool: case TType.Byte: Advance(1); break;
                case TType.I16: Advance(2); break;
                case TType.I32: Advance(4); break;
                case TType.Double: case TType.I64: Advance(8); break;
                case TType.String: Advance(Length(1)); break;
                case TType.Struct:
                    for (var f = Field(); f.Type != TType.Stop; f = Field()) Skip(f.Type, depth + 1);
                    break;
                case TType.Map:
                    var m = MapBegin();
                    for (int i = 0; i < m.Count; i++) { Skip(m.Key, depth + 1); Skip(m.Value, depth + 1); }
                    break;
                case TType.Set:
                case TType.List:
                    var l = ListBegin();
                    for (int i = 0; i < l.Count; i++) Skip(l.Element, depth + 1);
                    break;
                default:
                    throw new ThriftProtocolException($"The server's answer holds an unknown field type {(int)type}.");
            }
        }

        /// <summary>A length or count, refused when the rest of the frame cannot hold that many items.</summary>
        private int Length(int minItemSize)
        {
            int n = I32();
            if (n < 0 || (long)n * Math.Max(1, minItemSize) > Remaining)
                throw new ThriftProtocolException($"The server's answer declares {n} items or bytes, more than its " +
                    $"frame holds ({Remaining} bytes left).");
            return n;
        }

        private static int MinSize(TType type)
        {
            switch (type)
            {
                case TType.I16: return 2;
                case TType.I32: case TType.String: return 4;
                case TType.I64: case TType.Double: return 8;
                case TType.Map: return 6;
                case TType.List: case TType.Set: return 5;
                default: return 1;
            }
        }

        private void Advance(int n)
        {
            Need(n);
            _pos += n;
        }

        private void Need(int n)
        {
            if (_pos + n > _end)
                throw new ThriftProtocolException("The server's answer ends in the middle of a value.");
        }
    }
}
