using System.Collections.Generic;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// The structs of cassandra.thrift the module uses, written and read field by field as the
    /// interface numbers them (identical from 1.1.12 to 2.2.x for these). Unknown fields are skipped.
    /// </summary>
    internal static class CassandraCodec
    {
        public static void ColumnParent(ThriftWriter w, short id, string columnFamily) =>
            w.Field(TType.Struct, id).Field(TType.String, 3).String(columnFamily).Stop();

        public static void Predicate(ThriftWriter w, short id, SlicePredicate p)
        {
            w.Field(TType.Struct, id);
            if (p.ColumnNames != null)
            {
                w.Field(TType.List, 1).ListBegin(TType.String, p.ColumnNames.Count);
                foreach (var n in p.ColumnNames) w.Binary(n);
            }
            else
            {
                w.Field(TType.Struct, 2)
                    .Field(TType.String, 1).Binary(p.SliceStart)
                    .Field(TType.String, 2).Binary(p.SliceFinish)
                    .Field(TType.Bool, 3).Bool(false)
                    .Field(TType.I32, 4).I32(p.SliceCount)
                    .Stop();
            }
            w.Stop();
        }

        public static void KeyRange(ThriftWriter w, short id, KeyRange r)
        {
            w.Field(TType.Struct, id);
            if (r.StartKey != null) w.Field(TType.String, 1).Binary(r.StartKey);
            if (r.StartToken != null) w.Field(TType.String, 3).String(r.StartToken);
            if (r.EndToken != null) w.Field(TType.String, 4).String(r.EndToken);
            w.Field(TType.I32, 5).I32(r.Count).Stop();
        }

        public static void KsDef(ThriftWriter w, short id, KsDef ks)
        {
            w.Field(TType.Struct, id)
                .Field(TType.String, 1).String(ks.Name)
                .Field(TType.String, 2).String(ks.StrategyClass);
            if (ks.StrategyOptions.Count > 0) w.Field(TType.Map, 3).StringMap(ks.StrategyOptions);
            if (ks.ReplicationFactor.HasValue) w.Field(TType.I32, 4).I32(ks.ReplicationFactor.Value);
            w.Field(TType.List, 5).ListBegin(TType.Struct, ks.CfDefs.Count);
            foreach (var cf in ks.CfDefs) CfDef(w, cf);
            if (ks.DurableWrites.HasValue) w.Field(TType.Bool, 6).Bool(ks.DurableWrites.Value);
            w.Stop();
        }

        private static void CfDef(ThriftWriter w, CfDef cf)
        {
            w.Field(TType.String, 1).String(cf.Keyspace).Field(TType.String, 2).String(cf.Name);
            if (cf.ColumnType != null) w.Field(TType.String, 3).String(cf.ColumnType);
            if (cf.ComparatorType != null) w.Field(TType.String, 5).String(cf.ComparatorType);
            if (cf.DefaultValidationClass != null) w.Field(TType.String, 15).String(cf.DefaultValidationClass);
            if (cf.KeyValidationClass != null) w.Field(TType.String, 26).String(cf.KeyValidationClass);
            w.Stop();
        }

        public static KsDef ReadKsDef(ThriftReader r)
        {
            var ks = new KsDef();
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 1 && f.Type == TType.String) ks.Name = r.String();
                else if (f.Id == 2 && f.Type == TType.String) ks.StrategyClass = r.String();
                else if (f.Id == 3 && f.Type == TType.Map) ReadStringMap(r, ks.StrategyOptions);
                else if (f.Id == 4 && f.Type == TType.I32) ks.ReplicationFactor = r.I32();
                else if (f.Id == 5 && f.Type == TType.List) ReadList(r, ks.CfDefs, TType.Struct, ReadCfDef);
                else if (f.Id == 6 && f.Type == TType.Bool) ks.DurableWrites = r.Bool();
                else r.Skip(f.Type);
            }
            return ks;
        }

        private static CfDef ReadCfDef(ThriftReader r)
        {
            var cf = new CfDef();
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Type != TType.String) { r.Skip(f.Type); continue; }
                switch (f.Id)
                {
                    case 1: cf.Keyspace = r.String(); break;
                    case 2: cf.Name = r.String(); break;
                    case 3: cf.ColumnType = r.String(); break;
                    case 5: cf.ComparatorType = r.String(); break;
                    case 15: cf.DefaultValidationClass = r.String(); break;
                    case 26: cf.KeyValidationClass = r.String(); break;
                    default: r.Skip(f.Type); break;
                }
            }
            return cf;
        }

        public static ThriftTokenRange ReadTokenRange(ThriftReader r)
        {
            var t = new ThriftTokenRange();
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 1 && f.Type == TType.String) t.StartToken = r.String();
                else if (f.Id == 2 && f.Type == TType.String) t.EndToken = r.String();
                else if (f.Id == 3 && f.Type == TType.List) ReadList(r, t.Endpoints, TType.String, x => x.String());
                else if (f.Id == 4 && f.Type == TType.List) ReadList(r, t.RpcEndpoints, TType.String, x => x.String());
                else if (f.Id == 5 && f.Type == TType.List) ReadList(r, t.EndpointDetails, TType.Struct, ReadEndpoint);
                else r.Skip(f.Type);
            }
            return t;
        }

        private static EndpointDetails ReadEndpoint(ThriftReader r)
        {
            var e = new EndpointDetails();
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 1 && f.Type == TType.String) e.Host = r.String();
                else if (f.Id == 2 && f.Type == TType.String) e.DataCenter = r.String();
                else if (f.Id == 3 && f.Type == TType.String) e.Rack = r.String();
                else r.Skip(f.Type);
            }
            return e;
        }

        public static KeySlice ReadKeySlice(ThriftReader r)
        {
            var k = new KeySlice();
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 1 && f.Type == TType.String) k.Key = r.Binary();
                else if (f.Id == 2 && f.Type == TType.List) ReadColumns(r, k.Columns);
                else r.Skip(f.Type);
            }
            return k;
        }

        /// <summary>list&lt;KeySlice&gt; walked in place (see CassandraThriftClient.VisitRangeSlicesAsync).</summary>
        public static (int Rows, bool FirstSkipped, byte[] LastKey) VisitKeySlices(ThriftReader r, TType t,
            byte[] skipKey,
            System.Action<System.ArraySegment<byte>, System.ArraySegment<byte>> onColumn)
        {
            if (t != TType.List) { r.Skip(t); return (0, false, null); }
            var (element, count) = r.ListBegin();
            var last = default(System.ArraySegment<byte>);
            bool skipped = false;
            for (int i = 0; i < count; i++)
            {
                if (element != TType.Struct) { r.Skip(element); continue; }
                bool skip = false;
                for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
                {
                    if (f.Id == 1 && f.Type == TType.String)
                    {
                        last = r.BinarySegment();
                        skip = i == 0 && skipKey != null && SameBytes(last, skipKey);
                        skipped |= skip;
                    }
                    else if (f.Id == 2 && f.Type == TType.List) VisitColumns(r, skip ? null : onColumn);
                    else r.Skip(f.Type);
                }
            }
            return (count, skipped, last.Array == null ? null : ToArray(last));
        }

        private static void VisitColumns(ThriftReader r, System.Action<System.ArraySegment<byte>,
            System.ArraySegment<byte>> onColumn)
        {
            var (element, count) = r.ListBegin();
            for (int i = 0; i < count; i++)
            {
                if (element != TType.Struct) { r.Skip(element); continue; }
                for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
                {
                    if (f.Id != 1 || f.Type != TType.Struct) { r.Skip(f.Type); continue; }
                    System.ArraySegment<byte> name = default, value = default;
                    for (var c = r.Field(); c.Type != TType.Stop; c = r.Field())
                    {
                        if (c.Id == 1 && c.Type == TType.String) name = r.BinarySegment();
                        else if (c.Id == 2 && c.Type == TType.String) value = r.BinarySegment();
                        else r.Skip(c.Type);
                    }
                    onColumn?.Invoke(name, value);
                }
            }
        }

        private static bool SameBytes(System.ArraySegment<byte> a, byte[] b)
        {
            if (a.Count != b.Length) return false;
            for (int i = 0; i < b.Length; i++) if (a.Array[a.Offset + i] != b[i]) return false;
            return true;
        }

        private static byte[] ToArray(System.ArraySegment<byte> s)
        {
            var bytes = new byte[s.Count];
            System.Buffer.BlockCopy(s.Array, s.Offset, bytes, 0, s.Count);
            return bytes;
        }

        /// <summary>
        /// A list of ColumnOrSuperColumn: the plain columns kept (ORS writes no super or counter columns).
        /// </summary>
        public static void ReadColumns(ThriftReader r, List<ThriftColumn> into)
        {
            var (element, count) = r.ListBegin();
            for (int i = 0; i < count; i++)
            {
                if (element != TType.Struct) { r.Skip(element); continue; }
                for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
                {
                    if (f.Id == 1 && f.Type == TType.Struct) into.Add(ReadColumn(r));
                    else r.Skip(f.Type);
                }
            }
        }

        internal static ThriftColumn ReadColumn(ThriftReader r)
        {
            var c = new ThriftColumn();
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 1 && f.Type == TType.String) c.Name = r.Binary();
                else if (f.Id == 2 && f.Type == TType.String) c.Value = r.Binary();
                else if (f.Id == 3 && f.Type == TType.I64) c.Timestamp = r.I64();
                else if (f.Id == 4 && f.Type == TType.I32) c.Ttl = r.I32();
                else r.Skip(f.Type);
            }
            return c;
        }

        public static void ReadStringMap(ThriftReader r, IDictionary<string, string> into)
        {
            var (key, value, count) = r.MapBegin();
            for (int i = 0; i < count; i++)
            {
                if (key != TType.String || value != TType.String) { r.Skip(key); r.Skip(value); continue; }
                into[r.String()] = r.String();
            }
        }

        /// <summary>
        /// A list whose elements must be of the expected type; a list of anything else is skipped whole.
        /// </summary>
        public static void ReadList<T>(ThriftReader r, List<T> into, TType expected, System.Func<ThriftReader, T> item)
        {
            var (element, count) = r.ListBegin();
            for (int i = 0; i < count; i++)
            {
                if (element == expected) into.Add(item(r));
                else r.Skip(element);
            }
        }
    }
}
