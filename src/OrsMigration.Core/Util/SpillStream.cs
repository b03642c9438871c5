using System;
using System.IO;

namespace OrsMigration.Util
{
    /// <summary>
    /// A read/write stream held in memory up to a limit and moved to a scratch file when it grows past it:
    /// a small export folder's index costs no file and no system call, a large one a constant amount of memory.
    /// </summary>
    internal sealed class SpillStream : Stream
    {
        private readonly int _memoryLimit;
        private readonly int _fileBufferSize;
        private Stream _inner = new MemoryStream();

        public SpillStream(int memoryLimit, int fileBufferSize)
        {
            _memoryLimit = memoryLimit;
            _fileBufferSize = fileBufferSize;
        }

        /// <summary>Whether the contents have moved to a scratch file.</summary>
        public bool Spilled => !(_inner is MemoryStream);

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value)
        {
            SpillBeyond(value);
            _inner.SetLength(value);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            SpillBeyond(_inner.Position + count);
            _inner.Write(buffer, offset, count);
        }

        public override void WriteByte(byte value)
        {
            SpillBeyond(_inner.Position + 1);
            _inner.WriteByte(value);
        }

        public override void Flush() => _inner.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }

        private void SpillBeyond(long length)
        {
            if (Spilled || length <= _memoryLimit) return;
            var memory = (MemoryStream)_inner;
            var file = ScratchFile.Create(_fileBufferSize);
            try
            {
                file.Write(memory.GetBuffer(), 0, (int)memory.Length);
                file.Position = memory.Position;
            }
            catch
            {
                file.Dispose();
                throw;
            }
            memory.Dispose();
            _inner = file;
        }
    }
}
