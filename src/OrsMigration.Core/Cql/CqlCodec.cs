using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Numerics;
using System.Text;

namespace OrsMigration.Cql
{
    /// <summary>
    /// Values to and from their protocol bytes. Decoding gives string, long, int, bool, double,
    /// float, Guid, DateTimeOffset, IPAddress, BigInteger, byte[] (blob and custom types),
    /// List&lt;object&gt; (list, set) and Dictionary&lt;object, object&gt; (map). An empty value of a
    /// type that cannot be empty decodes to null.
    /// </summary>
    public static class CqlCodec
    {
        private static readonly DateTimeOffset Epoch = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public static object Decode(CqlType type, byte[] value)
        {
            if (value == null) return null;
            switch (type.Id)
            {
                case CqlType.Ascii: return Encoding.ASCII.GetString(value);
                case CqlType.Varchar: return Encoding.UTF8.GetString(value);
                case CqlType.Blob:
                case CqlType.Custom: return value;
            }
            if (value.Length == 0) return null;
            var r = new CqlReader(value);
            switch (type.Id)
            {
                case CqlType.Boolean: return value[0] != 0;
                case CqlType.Int: return Fixed(value, 4, r.Int);
                case CqlType.Bigint:
                case CqlType.Counter: return Fixed(value, 8, r.Long);
                case CqlType.Smallint: return Fixed(value, 2, () => r.SignedShort());
                case CqlType.Tinyint: return (sbyte)value[0];
                case CqlType.Timestamp: return Epoch.AddMilliseconds(Fixed(value, 8, r.Long));
                case CqlType.Double: return BitConverter.Int64BitsToDouble(Fixed(value, 8, r.Long));
                case CqlType.Float: return BitConverter.ToSingle(BitConverter.GetBytes(Fixed(value, 4, r.Int)), 0);
                case CqlType.Uuid:
                case CqlType.Timeuuid: return GuidFromBytes(value);
                case CqlType.Inet: return new IPAddress(value);
                case CqlType.Varint: return VarintFromBytes(value);
                case CqlType.List:
                case CqlType.Set: return Collection(type.Parameters[0], r);
                case CqlType.Map: return MapOf(type.Parameters[0], type.Parameters[1], r);
                default: return value;
            }
        }

        public static byte[] Encode(CqlType type, object value)
        {
            if (value == null) return null;
            switch (type.Id)
            {
                case CqlType.Ascii: return Encoding.ASCII.GetBytes(Convert.ToString(value));
                case CqlType.Varchar: return Encoding.UTF8.GetBytes(Convert.ToString(value));
                case CqlType.Blob:
                case CqlType.Custom: return (byte[])value;
                case CqlType.Boolean: return new[] { (byte)((bool)value ? 1 : 0) };
                case CqlType.Int: return new CqlWriter().Int(Convert.ToInt32(value)).ToArray();
                case CqlType.Bigint:
                case CqlType.Counter: return new CqlWriter().Long(Convert.ToInt64(value)).ToArray();
                case CqlType.Smallint: return new CqlWriter().Short(Convert.ToInt16(value)).ToArray();
                case CqlType.Tinyint: return new[] { unchecked((byte)Convert.ToSByte(value)) };
                case CqlType.Timestamp: return new CqlWriter().Long(Millis(value)).ToArray();
                case CqlType.Double: return new CqlWriter().Long(BitConverter.DoubleToInt64Bits(Convert.ToDouble(value))).ToArray();
                case CqlType.Float: return new CqlWriter().Int(BitConverter.ToInt32(BitConverter.GetBytes(Convert.ToSingle(value)), 0)).ToArray();
                case CqlType.Uuid:
                case CqlType.Timeuuid: return GuidToBytes((Guid)value);
                case CqlType.Inet: return ((IPAddress)value).GetAddressBytes();
                case CqlType.Varint: return VarintToBytes(value is BigInteger b ? b : new BigInteger(Convert.ToInt64(value)));
                case CqlType.List:
                case CqlType.Set: return EncodeCollection(type.Parameters[0], (IEnumerable)value);
                case CqlType.Map: return EncodeMap(type.Parameters[0], type.Parameters[1], (IDictionary)value);
                default:
                    if (value is byte[] raw) return raw;
                    throw new ArgumentException($"Values of CQL type {type} cannot be sent by this client.");
            }
        }

        /// <summary>The CQL type a .NET value is sent as when the statement is not prepared.</summary>
        public static CqlType TypeOf(object value)
        {
            switch (value)
            {
                case string _: return CqlType.Text;
                case int _: return new CqlType(CqlType.Int);
                case long _: return new CqlType(CqlType.Bigint);
                case short _: return new CqlType(CqlType.Smallint);
                case sbyte _: return new CqlType(CqlType.Tinyint);
                case bool _: return new CqlType(CqlType.Boolean);
                case double _: return new CqlType(CqlType.Double);
                case float _: return new CqlType(CqlType.Float);
                case Guid _: return new CqlType(CqlType.Uuid);
                case DateTimeOffset _:
                case DateTime _: return new CqlType(CqlType.Timestamp);
                case IPAddress _: return new CqlType(CqlType.Inet);
                case BigInteger _: return new CqlType(CqlType.Varint);
                case byte[] _: return new CqlType(CqlType.Blob);
                case IDictionary d: return CqlType.MapOf(TypeOf(First(d.Keys)), TypeOf(First(d.Values)));
                case IEnumerable e: return CqlType.ListOf(TypeOf(First(e)));
                default: throw new ArgumentException($"A {value?.GetType().Name ?? "null"} cannot be sent as a CQL value.");
            }
        }

        private static object First(IEnumerable e) => e.Cast<object>().FirstOrDefault() ?? string.Empty;

        private static T Fixed<T>(byte[] value, int size, Func<T> read)
        {
            if (value.Length != size) throw new CqlProtocolException($"A {size}-byte value arrived with {value.Length} bytes.");
            return read();
        }

        private static long Millis(object value)
        {
            var t = value is DateTime dt ? new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero) : (DateTimeOffset)value;
            return (long)(t - Epoch).TotalMilliseconds;
        }

        private static List<object> Collection(CqlType element, CqlReader r)
        {
            int n = r.Int();
            var list = new List<object>(n);
            for (int i = 0; i < n; i++) list.Add(Decode(element, r.Bytes()));
            return list;
        }

        private static Dictionary<object, object> MapOf(CqlType key, CqlType value, CqlReader r)
        {
            int n = r.Int();
            var map = new Dictionary<object, object>(n);
            for (int i = 0; i < n; i++) map[Decode(key, r.Bytes())] = Decode(value, r.Bytes());
            return map;
        }

        private static byte[] EncodeCollection(CqlType element, IEnumerable items)
        {
            var list = items.Cast<object>().ToList();
            var w = new CqlWriter().Int(list.Count);
            foreach (var item in list) w.Bytes(Encode(element, item));
            return w.ToArray();
        }

        private static byte[] EncodeMap(CqlType key, CqlType value, IDictionary map)
        {
            var w = new CqlWriter().Int(map.Count);
            foreach (DictionaryEntry e in map) w.Bytes(Encode(key, e.Key)).Bytes(Encode(value, e.Value));
            return w.ToArray();
        }

        /// <summary>CQL uuids are RFC 4122 big-endian; System.Guid keeps its first three fields little-endian.</summary>
        public static Guid GuidFromBytes(byte[] b)
        {
            if (b.Length != 16) throw new CqlProtocolException($"A uuid arrived with {b.Length} bytes instead of 16.");
            return new Guid((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3], (short)((b[4] << 8) | b[5]), (short)((b[6] << 8) | b[7]),
                b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
        }

        public static byte[] GuidToBytes(Guid g)
        {
            var b = g.ToByteArray();
            return new[] { b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15] };
        }

        /// <summary>varint: minimal big-endian two's complement (BigInteger gives it little-endian).</summary>
        public static BigInteger VarintFromBytes(byte[] b)
        {
            var little = (byte[])b.Clone();
            Array.Reverse(little);
            return new BigInteger(little);
        }

        public static byte[] VarintToBytes(BigInteger v)
        {
            var b = v.ToByteArray();
            Array.Reverse(b);
            return b;
        }
    }
}
