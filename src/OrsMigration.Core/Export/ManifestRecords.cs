using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using OrsMigration.Util;

namespace OrsMigration.Export
{
    internal enum ManifestRecordKind : byte
    {
        /// <summary>Replaced or removed; its offset may still be in an index, which skips it.</summary>
        Gone = 0,
        Entry = 1,
        /// <summary>A manifest line that failed its checks, kept as it was read for whoever investigates.</summary>
        Damaged = 2
    }

    /// <summary>A manifest line that failed its checks: its file name, why, and its JSON as read.</summary>
    internal sealed class DamagedEntry
    {
        public string File { get; set; }
        public string Why { get; set; }
        public string Json { get; set; }
    }

    /// <summary>
    /// The entries of an export manifest as records in a SpillStream (memory up to 1 MB, then a scratch file),
    /// addressed by offset, so a manifest of any size costs the process a constant amount of memory. A record
    /// is a kind byte, a length and a body. The stream is made on the first record.
    /// </summary>
    internal sealed class ManifestRecords : IDisposable
    {
        private const int HeaderBytes = 5;
        internal const int MemoryLimit = 1024 * 1024;
        private Stream _stream;
        private readonly byte[] _header = new byte[HeaderBytes];
        private readonly MemoryStream _body = new MemoryStream();
        private readonly string _folder;
        private readonly string _manifestPath;
        private readonly ScratchSpace _space;

        public ManifestRecords(string folder, string manifestPath, ScratchSpace space)
        {
            _folder = folder;
            _manifestPath = manifestPath;
            _space = space;
        }

        public long AddEntry(OrsConfigExport e) => Append(ManifestRecordKind.Entry, w =>
        {
            Text(w, e.ApplicationName);
            w.Write(e.ApplicationDbid);
            Text(w, e.Version);
            Text(w, Path.GetFileName(e.Path));
            Text(w, e.Sha256);
            Text(w, Path.GetFileName(e.SnapshotPath));
            Text(w, e.SnapshotSha256);
            w.Write(e.ExportedAt.UtcTicks);
            w.Write((short)e.ExportedAt.Offset.TotalMinutes);
            Text(w, e.Source);
            w.Write(e.Superseded);
        });

        public long AddDamaged(DamagedEntry d) => Append(ManifestRecordKind.Damaged, w =>
        {
            Text(w, d.File);
            Text(w, d.Why);
            Text(w, d.Json);
        });

        public ManifestRecordKind KindAt(long offset)
        {
            if (_stream == null) return ManifestRecordKind.Gone;
            _stream.Position = offset;
            ScratchFile.ReadFully(_stream, _header, HeaderBytes);
            return (ManifestRecordKind)_header[0];
        }

        /// <summary>The entry at offset, or null when the record there is not a live entry.</summary>
        public OrsConfigExport EntryAt(long offset)
        {
            var r = Body(offset, ManifestRecordKind.Entry);
            if (r == null) return null;
            var e = new OrsConfigExport
            {
                ApplicationName = Text(r),
                ApplicationDbid = r.ReadInt32(),
                Version = Text(r),
                Path = Path.Combine(_folder, Text(r)),
                Sha256 = Text(r),
                SnapshotPath = Path.Combine(_folder, Text(r)),
                SnapshotSha256 = Text(r),
                ManifestPath = _manifestPath,
            };
            long ticks = r.ReadInt64();
            var offsetFromUtc = TimeSpan.FromMinutes(r.ReadInt16());
            e.ExportedAt = new DateTimeOffset(ticks + offsetFromUtc.Ticks, offsetFromUtc);
            e.Source = Text(r);
            e.Superseded = r.ReadBoolean();
            return e;
        }

        /// <summary>The damaged line at offset, or null when the record there is not a live damaged line.</summary>
        public DamagedEntry DamagedAt(long offset)
        {
            var r = Body(offset, ManifestRecordKind.Damaged);
            return r == null ? null : new DamagedEntry { File = Text(r), Why = Text(r), Json = Text(r) };
        }

        public void MarkGone(long offset)
        {
            if (_stream == null) return;
            _stream.Position = offset;
            _stream.WriteByte((byte)ManifestRecordKind.Gone);
        }

        /// <summary>
        /// The offset of every record not gone, in the order written; records added meanwhile are not.
        /// </summary>
        public IEnumerable<long> Offsets()
        {
            long end = _stream?.Length ?? 0;
            for (long at = 0; at < end;)
            {
                var kind = KindAt(at);
                long next = at + HeaderBytes + Length();
                if (kind != ManifestRecordKind.Gone) yield return at;
                at = next;
            }
        }

        public void Dispose()
        {
            _stream?.Dispose();
            _stream = null;
            _body.Dispose();
        }

        private int Length() => _header[1] | _header[2] << 8 | _header[3] << 16 | _header[4] << 24;

        private long Append(ManifestRecordKind kind, Action<BinaryWriter> write)
        {
            _body.SetLength(0);
            using (var w = new BinaryWriter(_body, Encoding.UTF8, true)) write(w);
            int length = (int)_body.Length;
            _header[0] = (byte)kind;
            for (int b = 0; b < 4; b++) _header[1 + b] = (byte)(length >> (8 * b));
            if (_stream == null) _stream = _space.NewStream(MemoryLimit, 64 * 1024);
            long offset = _stream.Length;
            _stream.Position = offset;
            _stream.Write(_header, 0, HeaderBytes);
            _stream.Write(_body.GetBuffer(), 0, length);
            return offset;
        }

        private BinaryReader Body(long offset, ManifestRecordKind kind)
        {
            if (offset < 0 || KindAt(offset) != kind) return null;
            var bytes = new byte[Length()];
            ScratchFile.ReadFully(_stream, bytes, bytes.Length);
            return new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        }

        private static void Text(BinaryWriter w, string value)
        {
            w.Write(value != null);
            if (value != null) w.Write(value);
        }

        private static string Text(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
    }
}
