using System.Collections.Generic;
using System.Linq;

namespace OrsMigration.Cql
{
    /// <summary>A column type as the protocol describes it ([option]): an id, and its parameters for collections.</summary>
    public sealed class CqlType
    {
        public const ushort Custom = 0x0000, Ascii = 0x0001, Bigint = 0x0002, Blob = 0x0003, Boolean = 0x0004, Counter = 0x0005,
            Decimal = 0x0006, Double = 0x0007, Float = 0x0008, Int = 0x0009, Timestamp = 0x000B, Uuid = 0x000C, Varchar = 0x000D,
            Varint = 0x000E, Timeuuid = 0x000F, Inet = 0x0010, Date = 0x0011, Time = 0x0012, Smallint = 0x0013, Tinyint = 0x0014,
            Duration = 0x0015, List = 0x0020, Map = 0x0021, Set = 0x0022, Udt = 0x0030, Tuple = 0x0031;

        public CqlType(ushort id, params CqlType[] parameters)
        {
            Id = id;
            Parameters = parameters ?? new CqlType[0];
        }

        public ushort Id { get; }
        public IReadOnlyList<CqlType> Parameters { get; }
        /// <summary>The Java class of a custom type.</summary>
        public string CustomClass { get; private set; }
        /// <summary>Field names of a user-defined type.</summary>
        public IReadOnlyList<string> FieldNames { get; private set; } = new string[0];

        public static readonly CqlType Text = new CqlType(Varchar);

        public static CqlType ListOf(CqlType e) => new CqlType(List, e);
        public static CqlType SetOf(CqlType e) => new CqlType(Set, e);
        public static CqlType MapOf(CqlType k, CqlType v) => new CqlType(Map, k, v);

        internal static CqlType Read(CqlReader r)
        {
            ushort id = (ushort)r.UShort();
            switch (id)
            {
                case Custom: return new CqlType(Custom) { CustomClass = r.String() };
                case List:
                case Set: return new CqlType(id, Read(r));
                case Map: return new CqlType(id, Read(r), Read(r));
                case Tuple:
                    int n = r.UShort();
                    return new CqlType(id, Enumerable.Range(0, n).Select(_ => Read(r)).ToArray());
                case Udt:
                    r.String(); r.String();
                    int fields = r.UShort();
                    var names = new List<string>();
                    var types = new List<CqlType>();
                    for (int i = 0; i < fields; i++) { names.Add(r.String()); types.Add(Read(r)); }
                    return new CqlType(id, types.ToArray()) { FieldNames = names };
                default: return new CqlType(id);
            }
        }

        public override string ToString()
        {
            switch (Id)
            {
                case List: return $"list<{Parameters[0]}>";
                case Set: return $"set<{Parameters[0]}>";
                case Map: return $"map<{Parameters[0]}, {Parameters[1]}>";
                case Custom: return $"'{CustomClass}'";
                default: return Names.TryGetValue(Id, out var n) ? n : $"0x{Id:X4}";
            }
        }

        private static readonly Dictionary<ushort, string> Names = new Dictionary<ushort, string>
        {
            [Ascii] = "ascii", [Bigint] = "bigint", [Blob] = "blob", [Boolean] = "boolean", [Counter] = "counter", [Decimal] = "decimal",
            [Double] = "double", [Float] = "float", [Int] = "int", [Timestamp] = "timestamp", [Uuid] = "uuid", [Varchar] = "text",
            [Varint] = "varint", [Timeuuid] = "timeuuid", [Inet] = "inet", [Date] = "date", [Time] = "time", [Smallint] = "smallint",
            [Tinyint] = "tinyint", [Duration] = "duration", [Udt] = "udt", [Tuple] = "tuple",
        };
    }
}
