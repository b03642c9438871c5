using System.IO;

namespace OrsMigration.Util
{
    /// <summary>
    /// Makes the streams an export folder keeps its working state in (SpillStream: memory, then a scratch
    /// file). One object for a whole folder, so a test can stand in a disk that fills up half-way.
    /// </summary>
    internal class ScratchSpace
    {
        public static readonly ScratchSpace Default = new ScratchSpace();

        public virtual Stream NewStream(int memoryLimit, int fileBufferSize) =>
            new SpillStream(memoryLimit, fileBufferSize);
    }
}
