using System;
using System.Collections.Generic;
using System.IO;

namespace OrsMigration.Util
{
    /// <summary>
    /// A multimap from text to non-negative numbers (record offsets), kept in memory while small and in a
    /// scratch file past that (SpillStream), so an index over a folder of any size costs the process a constant
    /// amount of memory. Keys are 64-bit hashes by the index's comparer, so texts it calls equal (any letter
    /// case, with OrdinalIgnoreCase) share a key; a hash is not proof, so callers check what a value points to.
    /// Open addressing with linear probing, at most half full, doubled by copying. Nothing is ever removed:
    /// callers mark what a value points to as gone. The table is made on the first Add.
    /// </summary>
    internal sealed class DiskHashIndex : IDisposable
    {
        private const int SlotBytes = 16;
        private const int CopyBlockSlots = 4096;
        private const long FirstCapacity = 1024;
        private const int MemoryLimit = 256 * 1024;
        private readonly StringComparer _comparer;
        private readonly ScratchSpace _space;
        private readonly byte[] _slot = new byte[SlotBytes];
        private Stream _table;
        private long _capacity;
        private long _count;

        public DiskHashIndex(StringComparer comparer, ScratchSpace space = null)
        {
            _comparer = comparer;
            _space = space ?? ScratchSpace.Default;
        }

        public void Add(string text, long value)
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
            if (_table == null) _table = NewTable(_capacity = FirstCapacity);
            if ((_count + 1) * 2 > _capacity) Grow();
            Insert(_table, _capacity, KeyOf(text), value);
            _count++;
        }

        /// <summary>
        /// Every value added under text, smallest first, and perhaps a few of other texts with the same hash.
        /// </summary>
        public List<long> Find(string text)
        {
            var found = new List<long>();
            if (_table == null) return found;
            ulong key = KeyOf(text);
            for (long i = Home(key, _capacity); ; i = (i + 1) & (_capacity - 1))
            {
                ReadSlot(i, out ulong slotKey, out long value);
                if (value < 0) break;
                if (slotKey == key) found.Add(value);
            }
            found.Sort();
            return found;
        }

        public void Dispose()
        {
            _table?.Dispose();
            _table = null;
        }

        /// <summary>
        /// Two of the comparer's own hashes, so equal texts always meet. On .NET (PowerShell 7) string hashes
        /// are randomized per process, so names chosen to collide cannot slow the index down there.
        /// </summary>
        private ulong KeyOf(string text)
        {
            text = text ?? string.Empty;
            return (ulong)(uint)_comparer.GetHashCode(text) << 32 | (uint)_comparer.GetHashCode(text + "\u0001");
        }

        private static long Home(ulong key, long capacity) => (long)((key ^ key >> 32) & (ulong)(capacity - 1));

        /// <summary>In memory while small (16,384 slots); past that a scratch file, read a slot at a time.</summary>
        private Stream NewTable(long capacity)
        {
            var table = _space.NewStream(MemoryLimit, 1);
            table.SetLength(capacity * SlotBytes);
            return table;
        }

        private void ReadSlot(long index, out ulong key, out long value)
        {
            _table.Position = index * SlotBytes;
            ScratchFile.ReadFully(_table, _slot, SlotBytes);
            key = (ulong)Get(_slot, 0);
            value = Get(_slot, 8) - 1;
        }

        /// <summary>Stored as value + 1, so a slot of zeros (a new table) is empty.</summary>
        private void Insert(Stream table, long capacity, ulong key, long value)
        {
            long i = Home(key, capacity);
            while (true)
            {
                table.Position = i * SlotBytes;
                ScratchFile.ReadFully(table, _slot, SlotBytes);
                if (Get(_slot, 8) == 0) break;
                i = (i + 1) & (capacity - 1);
            }
            Put(_slot, 0, (long)key);
            Put(_slot, 8, value + 1);
            table.Position = i * SlotBytes;
            table.Write(_slot, 0, SlotBytes);
        }

        private void Grow()
        {
            long capacity = _capacity * 2;
            var table = NewTable(capacity);
            try { CopyInto(table, capacity); }
            catch
            {
                table.Dispose();
                throw;
            }
            _table.Dispose();
            _table = table;
            _capacity = capacity;
        }

        private void CopyInto(Stream table, long capacity)
        {
            var block = new byte[CopyBlockSlots * SlotBytes];
            for (long done = 0; done < _capacity; done += CopyBlockSlots)
            {
                int slots = (int)Math.Min(CopyBlockSlots, _capacity - done);
                _table.Position = done * SlotBytes;
                ScratchFile.ReadFully(_table, block, slots * SlotBytes);
                for (int s = 0; s < slots; s++)
                {
                    long stored = Get(block, s * SlotBytes + 8);
                    if (stored != 0) Insert(table, capacity, (ulong)Get(block, s * SlotBytes), stored - 1);
                }
            }
        }

        private static long Get(byte[] buffer, int at)
        {
            long value = 0;
            for (int b = 7; b >= 0; b--) value = (value << 8) | buffer[at + b];
            return value;
        }

        private static void Put(byte[] buffer, int at, long value)
        {
            for (int b = 0; b < 8; b++) buffer[at + b] = (byte)(value >> (8 * b));
        }
    }
}
