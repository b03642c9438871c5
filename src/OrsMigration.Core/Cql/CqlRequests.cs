using System.Collections.Generic;

namespace OrsMigration.Cql
{
    /// <summary>Request bodies, one small function each, so every request is built in one place (and tested against the Python codec).</summary>
    internal static class CqlRequests
    {
        public static byte[] Options() => new byte[0];

        public static byte[] Startup(IDictionary<string, string> options) => new CqlWriter().StringMap(options).ToArray();

        public static byte[] AuthResponse(byte[] token) => new CqlWriter().Bytes(token).ToArray();

        public static byte[] Query(string cql, CqlConsistency consistency, IReadOnlyList<byte[]> values, int pageSize, byte[] pagingState)
        {
            var w = new CqlWriter().LongString(cql);
            CqlQueryParameters.Write(w, consistency, values, pageSize, pagingState);
            return w.ToArray();
        }

        public static byte[] Prepare(string cql) => new CqlWriter().LongString(cql).ToArray();

        public static byte[] Execute(byte[] id, CqlConsistency consistency, IReadOnlyList<byte[]> values, int pageSize, byte[] pagingState)
        {
            var w = new CqlWriter().ShortBytes(id);
            CqlQueryParameters.Write(w, consistency, values, pageSize, pagingState);
            return w.ToArray();
        }
    }
}
