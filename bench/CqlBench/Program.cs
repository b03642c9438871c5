using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OrsMigration.Cql;
using static BenchCommon;
using OrsMigration.Persistence;

// Counts generated ORS sessions over a three-node fake ring three ways, in one run, on one server:
// our parallel token-range count, the real Python driver running the same range queries, and a raw
// socket reader that sends the same requests and discards the same bytes (the ceiling). The server
// serves pages it encoded once in a warm-up pass, so the clients are what is measured.
internal static class Program
{
    private static int Main(string[] args)
    {
        int sessions = Arg(args, "--sessions", 1_000_000);
        int repeat = Arg(args, "--repeat", 5);
        string root = FindRoot();
        string work = Path.Combine(Path.GetTempPath(), "ors-cqlbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort()).ToArray();
        var config = new JObject
        {
            ["nodes"] = new JArray(ports.Select((p, i) => new JObject { ["address"] = "127.0.0.1", ["port"] = p, ["dc"] = i < 2 ? "DC1" : "DC2" })),
            ["peers_v2"] = true, ["num_tokens"] = 16, ["cache_pages"] = true,
            ["ors"] = new JObject { ["keyspace"] = "Orchestration", ["sessions"] = sessions, ["node_ids"] = new JArray(240, 242, 244), ["session_size"] = 16 },
        };
        string configFile = Path.Combine(work, "ring.json");
        File.WriteAllText(configFile, config.ToString());
        var servers = new List<Process>();
        try
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 3; i++) servers.Add(StartServer(root, configFile, i));
            foreach (var s in servers) WaitReady(s, "A CQL test server");
            Console.WriteLine($"Fake ring: 3 nodes, {sessions:N0} sessions ({2 * sessions:N0} owner rows), ready in {watch.Elapsed.TotalSeconds:0.0} s.");
            return Run(root, work, ports, sessions, repeat).GetAwaiter().GetResult();
        }
        finally
        {
            foreach (var s in servers) { try { s.Kill(); } catch (InvalidOperationException) { } }
        }
    }

    private static async Task<int> Run(string root, string work, int[] ports, int sessions, int repeat)
    {
        var options = new CqlConnectOptions { RequestTimeout = TimeSpan.FromSeconds(60) };
        using var session = await CqlSession.ConnectAsync(new[] { $"127.0.0.1:{ports[0]}" }, options);
        var schema = new OrsSessionSchema();
        var store = new CassandraSessionStore(session, "Orchestration", schema);
        var ranges = store.Scanner.PlanRanges();
        string query = schema.OwnerCountQuery("Orchestration");
        int parallelism = store.Parallelism;
        Console.WriteLine($"Plan: {ranges.Count} token ranges, parallelism {parallelism}, page size {store.PageSize}.");

        await Count(store, sessions);                                  // warm-up: the server encodes every page once
        long before = Process.GetCurrentProcess().WorkingSet64;
        var csharp = new List<double>();
        for (int i = 0; i < repeat; i++) csharp.Add(await Time(() => Count(store, sessions)));
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;

        var raw = new List<double>();
        for (int i = 0; i < repeat; i++) raw.Add(await Time(() => RawCeiling(ranges, query, parallelism, store.PageSize, 2L * sessions)));

        string rangesFile = Path.Combine(work, "ranges.json");
        File.WriteAllText(rangesFile, new JArray(ranges.Select(r => new JArray(r.Start, r.End))).ToString());
        var python = new List<double>();
        for (int i = 0; i < repeat; i++) python.Add(PythonDriver(root, ports[0], rangesFile, parallelism, store.PageSize, query, sessions));

        double c = Median(csharp), p = Median(python), r = Median(raw);
        Console.WriteLine($"C# parallel count (in place): {c:0.000} s median of {repeat} ({2L * sessions / c:N0} rows/s, {sessions / c:N0} sessions/s)");
        Console.WriteLine($"Python driver, same ranges:   {p:0.000} s median of {repeat}");
        Console.WriteLine($"Raw socket ceiling:           {r:0.000} s median of {repeat}");
        Console.WriteLine($"Ratio Python/C#: {p / c:0.0}x (goal: at least 3x). C# reaches {r / c:P0} of the raw-socket ceiling (goal: 25%).");
        Console.WriteLine($"Memory: working set {before / 1048576.0:N0} MB before the timed C# scans, peak {peak / 1048576.0:N0} MB.");
        return 0;
    }

    private static async Task Count(CassandraSessionStore store, int sessions)
    {
        var counts = await store.CountAsync(true, null, null, CancellationToken.None);
        long total = counts.Sum(x => x.Count);
        if (total != sessions) throw new InvalidOperationException($"C# counted {total}, expected {sessions}.");
    }

    /// <summary>The same EXECUTE requests over plain sockets; each response is read and dropped, only its paging state and row count looked at.</summary>
    private static async Task RawCeiling(List<TokenRange> ranges, string query, int parallelism, int pageSize, long expectedRows)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<TokenRange>(ranges);
        long rows = 0;
        var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            var sockets = new Dictionary<IPEndPoint, RawConnection>();
            try
            {
                while (queue.TryDequeue(out var range))
                {
                    if (!sockets.TryGetValue(range.Owner.EndPoint, out var conn))
                        sockets[range.Owner.EndPoint] = conn = await RawConnection.OpenAsync(range.Owner.EndPoint, query);
                    Interlocked.Add(ref rows, await conn.ReadRangeAsync(range, pageSize));
                }
            }
            finally { foreach (var c in sockets.Values) c.Dispose(); }
        })).ToList();
        await Task.WhenAll(workers);
        if (rows != expectedRows) throw new InvalidOperationException($"The raw reader saw {rows} rows, expected {expectedRows}.");
    }

    private static double PythonDriver(string root, int port, string rangesFile, int concurrency, int pageSize, string query, int sessions) =>
        PythonCount("The Python driver", sessions, Path.Combine(root, "bench", "cql", "python_count.py"), "127.0.0.1", port.ToString(),
            rangesFile, concurrency.ToString(), pageSize.ToString(), query);

    private static Process StartServer(string root, string config, int node) =>
        StartPython(Path.Combine(root, "tests", "cql", "cql_test_server.py"), config, "--seconds", "1800", "--only-node", node.ToString());
}

/// <summary>A bare connection: STARTUP, PREPARE, then EXECUTE pages whose bodies are skipped but for the paging state.</summary>
internal sealed class RawConnection : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private byte[] _id;
    private byte[] _buffer = new byte[1 << 20];

    private RawConnection(TcpClient tcp) { _tcp = tcp; _stream = tcp.GetStream(); }

    public static async Task<RawConnection> OpenAsync(IPEndPoint endpoint, string query)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(endpoint.Address, endpoint.Port);
        var c = new RawConnection(tcp);
        await c.RoundTrip(CqlOpcode.Startup, CqlRequests.Startup(new Dictionary<string, string> { ["CQL_VERSION"] = "3.0.0" }));
        var (_, body) = await c.RoundTrip(CqlOpcode.Prepare, CqlRequests.Prepare(query));
        int idLength = (body[4] << 8) | body[5];
        c._id = body.AsSpan(6, idLength).ToArray();
        return c;
    }

    public async Task<long> ReadRangeAsync(TokenRange range, int pageSize)
    {
        var values = new[] { CqlCodec.Encode(new CqlType(CqlType.Bigint), range.Start), CqlCodec.Encode(new CqlType(CqlType.Bigint), range.End) };
        long rows = 0;
        byte[] state = null;
        do
        {
            var (length, body) = await RoundTrip(CqlOpcode.Execute, CqlRequests.Execute(_id, CqlConsistency.LocalOne, values, pageSize, state));
            // kind(4) flags(4) columns(4) [paging state] ... rows_count: only the paging state and row count are read.
            int flags = Int(body, 4), pos = 12;
            state = null;
            if ((flags & 0x0002) != 0) { int n = Int(body, pos); state = body.AsSpan(pos + 4, n).ToArray(); pos += 4 + n; }
            rows += RowCount(body, pos, flags, length);
        } while (state != null);
        return rows;
    }

    // Skips the column specs (global table spec + name + type id per column) to the rows_count field.
    private static int RowCount(byte[] b, int pos, int flags, int length)
    {
        int columns = Int(b, 8);
        if ((flags & 0x0004) == 0)
        {
            if ((flags & 0x0001) != 0) { pos += 2 + Short(b, pos); pos += 2 + Short(b, pos); }
            for (int i = 0; i < columns; i++) { pos += 2 + Short(b, pos); pos += 2; }
        }
        return Int(b, pos);
    }

    private async Task<(int, byte[])> RoundTrip(CqlOpcode opcode, byte[] body)
    {
        var frame = CqlFrame.Encode(4, 1, opcode, body);
        await _stream.WriteAsync(frame);
        var header = new byte[9];
        await _stream.ReadExactlyAsync(header);
        int length = Int(header, 5);
        if (_buffer.Length < length) _buffer = new byte[length];
        await _stream.ReadExactlyAsync(_buffer.AsMemory(0, length));
        if (header[4] == 0) throw new InvalidOperationException("The server answered an error.");
        return (length, _buffer);
    }

    private static int Int(byte[] b, int o) => (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
    private static int Short(byte[] b, int o) => (b[o] << 8) | b[o + 1];

    public void Dispose() => _tcp.Dispose();
}
