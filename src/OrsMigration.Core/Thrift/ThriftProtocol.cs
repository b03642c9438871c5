namespace OrsMigration.Thrift
{
    /// <summary>The field types of Thrift's binary protocol.</summary>
    public enum TType : byte
    {
        Stop = 0,
        Bool = 2,
        Byte = 3,
        Double = 4,
        I16 = 6,
        I32 = 8,
        I64 = 10,
        String = 11,
        Struct = 12,
        Map = 13,
        Set = 14,
        List = 15,
    }

    public enum TMessageType : byte
    {
        Call = 1,
        Reply = 2,
        Exception = 3,
        Oneway = 4,
    }

    /// <summary>Strict binary protocol constants: the version word that starts every message.</summary>
    internal static class ThriftBinary
    {
        public const uint Version1 = 0x80010000;
        public const uint VersionMask = 0xffff0000;
    }
}
