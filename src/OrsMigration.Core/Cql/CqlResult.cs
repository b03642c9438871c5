using System;
using System.Collections.Generic;
using System.Linq;

namespace OrsMigration.Cql
{
    public sealed class CqlColumn
    {
        public string Keyspace { get; set; }
        public string Table { get; set; }
        public string Name { get; set; }
        public CqlType Type { get; set; }
        public override string ToString() => $"{Name} {Type}";
    }

    /// <summary>One row: values decoded by column type, by position or name.</summary>
    public sealed class CqlRow
    {
        private readonly IReadOnlyList<CqlColumn> _columns;
        private readonly object[] _values;

        internal CqlRow(IReadOnlyList<CqlColumn> columns, object[] values)
        {
            _columns = columns;
            _values = values;
        }

        public object this[int index] => _values[index];

        public object this[string name]
        {
            get
            {
                for (int i = 0; i < _columns.Count; i++)
                    if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return _values[i];
                throw new ArgumentException($"The row has no column '{name}' (it has " +
                    $"{string.Join(", ", _columns.Select(c => c.Name))}).");
            }
        }

        public T Get<T>(string name) => this[name] is T t ? t : default;
        public int Count => _values.Length;
    }

    /// <summary>One page of rows, with the state to ask for the next page.</summary>
    public sealed class CqlRowSet
    {
        public IReadOnlyList<CqlColumn> Columns { get; internal set; } = new CqlColumn[0];
        public List<CqlRow> Rows { get; } = new List<CqlRow>();
        public byte[] PagingState { get; internal set; }
        public bool HasMorePages => PagingState != null;
        public IReadOnlyList<string> Warnings { get; internal set; } = new string[0];
    }

    /// <summary>
    /// The rows of a page read in place, value by value in row order, without decoding them: what a
    /// count needs (the owner column's bytes), at a fraction of the cost of materialising rows.
    /// </summary>
    public sealed class CqlRowCursor
    {
        private readonly CqlReader _reader;

        internal CqlRowCursor(CqlReader reader, int rows, int columns)
        {
            _reader = reader;
            RowCount = rows;
            ColumnCount = columns;
        }

        public int RowCount { get; }
        public int ColumnCount { get; }

        /// <summary>The next value (row by row, column by column); a segment with no array for NULL.</summary>
        public ArraySegment<byte> Next() => _reader.BytesSegment();
    }

    internal sealed class CqlPrepared
    {
        public string Query { get; set; }
        public byte[] Id { get; set; }
        public IReadOnlyList<CqlColumn> BindColumns { get; set; }
        public IReadOnlyList<CqlColumn> ResultColumns { get; set; }
    }

    public sealed class CqlSchemaChange
    {
        public string ChangeType { get; set; }
        public string Target { get; set; }
        public string Keyspace { get; set; }
        public string Name { get; set; }
    }

    /// <summary>Decodes RESULT bodies (all five kinds).</summary>
    internal static class CqlResultDecoder
    {
        public const int Void = 1, Rows = 2, SetKeyspace = 3, Prepared = 4, SchemaChange = 5;

        public static object Decode(CqlFrame frame, IReadOnlyList<CqlColumn> knownColumns = null)
        {
            var r = frame.BodyReader(out var warnings);
            int kind = r.Int();
            switch (kind)
            {
                case Void: return null;
                case Rows:
                    var rows = ReadRows(r, knownColumns);
                    rows.Warnings = (IReadOnlyList<string>)warnings ?? new string[0];
                    return rows;
                case SetKeyspace: return r.String();
                case Prepared: return ReadPrepared(r);
                case SchemaChange: return ReadSchemaChange(r);
                default: throw new CqlProtocolException($"Unknown RESULT kind {kind}.");
            }
        }

        /// <summary>
        /// A ROWS result handed to visit in place; returns the paging state and what visit made of the rows.
        /// </summary>
        public static (byte[] PagingState, T Result) Visit<T>(CqlFrame frame, IReadOnlyList<CqlColumn> knownColumns,
            Func<CqlRowCursor, T> visit)
        {
            var r = frame.BodyReader(out _);
            int kind = r.Int();
            if (kind != Rows)
                throw new CqlProtocolException($"Expected rows, the server answered a result of kind {kind}.");
            var columns = ReadMetadata(r, out byte[] paging, out bool noMetadata);
            int count = r.Int();
            return (paging, visit(new CqlRowCursor(r, count, noMetadata ? knownColumns?.Count ?? 0 : columns.Count)));
        }

        private static CqlRowSet ReadRows(CqlReader r, IReadOnlyList<CqlColumn> knownColumns)
        {
            var set = new CqlRowSet();
            IReadOnlyList<CqlColumn> columns = ReadMetadata(r, out byte[] paging, out bool noMetadata);
            if (noMetadata)
                columns = knownColumns ?? throw new CqlProtocolException("The server sent rows without metadata for " +
                    "a statement whose columns are unknown.");
            set.Columns = columns;
            set.PagingState = paging;
            int count = r.Int();
            for (int i = 0; i < count; i++)
            {
                var values = new object[columns.Count];
                for (int c = 0; c < columns.Count; c++) values[c] = CqlCodec.Decode(columns[c].Type, r.Bytes());
                set.Rows.Add(new CqlRow(columns, values));
            }
            return set;
        }

        /// <summary>Rows metadata: flags, column count, paging state, global table spec, column specs.</summary>
        internal static List<CqlColumn> ReadMetadata(CqlReader r, out byte[] pagingState, out bool noMetadata, bool prepared = false)
        {
            int flags = r.Int();
            int count = r.Int();
            if (prepared)
            {
                int pk = r.Int();
                for (int i = 0; i < pk; i++) r.UShort();
            }
            pagingState = (flags & 0x0002) != 0 ? r.Bytes() : null;
            noMetadata = (flags & 0x0004) != 0;
            var columns = new List<CqlColumn>(count);
            if (noMetadata) return columns;
            string ks = null, table = null;
            bool global = (flags & 0x0001) != 0;
            if (global) { ks = r.String(); table = r.String(); }
            for (int i = 0; i < count; i++)
            {
                var col = new CqlColumn { Keyspace = ks, Table = table };
                if (!global) { col.Keyspace = r.String(); col.Table = r.String(); }
                col.Name = r.String();
                col.Type = CqlType.Read(r);
                columns.Add(col);
            }
            return columns;
        }

        private static CqlPrepared ReadPrepared(CqlReader r)
        {
            var p = new CqlPrepared { Id = r.ShortBytes() };
            p.BindColumns = ReadMetadata(r, out _, out _, prepared: true);
            var result = ReadMetadata(r, out _, out bool noMetadata);
            p.ResultColumns = noMetadata ? null : result;
            return p;
        }

        private static CqlSchemaChange ReadSchemaChange(CqlReader r)
        {
            var c = new CqlSchemaChange { ChangeType = r.String(), Target = r.String(), Keyspace = r.String() };
            if (c.Target != "KEYSPACE") c.Name = r.String();
            return c;
        }
    }

    /// <summary>QUERY and EXECUTE parameters (v3/v4 layout: flags are one byte).</summary>
    internal static class CqlQueryParameters
    {
        public static void Write(CqlWriter w, CqlConsistency consistency, IReadOnlyList<byte[]> values, int pageSize, byte[] pagingState)
        {
            byte flags = 0;
            if (values != null && values.Count > 0) flags |= 0x01;
            if (pageSize > 0) flags |= 0x04;
            if (pagingState != null) flags |= 0x08;
            w.Short((short)consistency).Byte(flags);
            if ((flags & 0x01) != 0)
            {
                w.Short(values.Count);
                foreach (var v in values) w.Bytes(v);
            }
            if (pageSize > 0) w.Int(pageSize);
            if (pagingState != null) w.Bytes(pagingState);
        }
    }
}
