using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using static BenchCommon;
using Newtonsoft.Json.Linq;
using OrsMigration.Persistence;
using OrsMigration.Thrift;

// Counts generated ORS sessions over a three-node Thrift stand-in ring (RandomPartitioner, one process
// per node) three ways, in one run, on one server: the module's count (ThriftSessionStore), thriftpy
// running the same range scans, and a raw-socket ceiling that sends the very request frames the
// module sent and reads (and drops) the same answers. The server encodes each page once in a warm-up
// pass and serves it from memory after that, so the clients are what is measured. Median of --repeat.
internal static class Program
{
    private static int Main(string[] args)
    {
        int sessions = Arg(args, "--sessions", 1_000_000);
        int repeat = Arg(args, "--repeat", 5);
        string root = FindRoot();
        string work = Path.Combine(Path.GetTempPath(), "ors-thriftbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        int port = FreePort();
        var config = new JObject
        {
            ["nodes"] = new JArray(Enumerable.Range(0, 3).Select(i => new JObject { ["address"] = $"127.0.0.{i + 1}", ["dc"] = i < 2 ? "DC1" : "DC2" })),
            ["port"] = port, ["num_tokens"] = 16, ["cache_pages"] = true, ["release"] = "1.1.12", ["interface"] = "19.33.0",
            ["partitioner"] = "org.apache.cassandra.dht.RandomPartitioner",
            ["keyspaces"] = new JObject { ["Orchestration"] = new JObject { ["class"] = "org.apache.cassandra.locator.SimpleStrategy",
                ["options"] = new JObject { ["replication_factor"] = "1" } } },
            ["ors"] = new JObject { ["sessions"] = sessions, ["node_ids"] = new JArray(240, 242, 244), ["session_size"] = 16 },
        };
        string configFile = Path.Combine(work, "ring.json");
        File.WriteAllText(configFile, config.ToString());
        var servers = new List<Process>();
        try
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 3; i++) servers.Add(StartServer(root, configFile, i));
            foreach (var s in servers) WaitReady(s, "A Thrift stand-in");
            Console.WriteLine($"Thrift stand-in ring: 3 nodes, {sessions:N0} sessions, ready in {watch.Elapsed.TotalSeconds:0.0} s.");
            return Run(root, work, port, sessions, repeat).GetAwaiter().GetResult();
        }
        finally
        {
            foreach (var s in servers) { try { s.Kill(); } catch (InvalidOperationException) { } }
        }
    }

    private static async Task<int> Run(string root, string work, int port, int sessions, int repeat)
    {
        var options = new ThriftConnectOptions { Port = port, RequestTimeout = TimeSpan.FromSeconds(120), MaxFrameBytes = 64 << 20 };
        using var cluster = await ThriftCluster.ConnectAsync(new[] { "127.0.0.1" }, options, "Orchestration", CancellationToken.None);
        var store = (ThriftSessionStore)cluster.SessionStore("Orchestration", null);
        await Count(store, sessions);                                   // warm-up: the server encodes every page once
        var frames = new ConcurrentQueue<(string Host, byte[] Frame)>();
        ThriftConnection.RequestObserver = (host, frame) => frames.Enqueue((host, frame));
        await Count(store, sessions);                                   // the requests the raw reader will replay
        ThriftConnection.RequestObserver = null;
        var plan = Plan(cluster, store);
        Console.WriteLine($"Plan: {plan.Count} token ranges, parallelism {store.Parallelism}, page size {store.PageSize}, " +
                          $"{frames.Count:N0} requests.");

        var ours = new List<double>();
        for (int i = 0; i < repeat; i++) ours.Add(await Time(() => Count(store, sessions)));
        var raw = new List<double>();
        for (int i = 0; i < repeat; i++) raw.Add(await Time(() => Replay(frames.ToList(), port, store.Parallelism)));
        string rangesFile = Path.Combine(work, "ranges.json");
        File.WriteAllText(rangesFile, new JArray(plan.Select(r => new JArray(ThriftRing.Text(r.Start), ThriftRing.Text(r.End), r.Endpoints[0]))).ToString());
        var py = new List<double>();
        for (int i = 0; i < repeat; i++) py.Add(Thriftpy(root, port, rangesFile, store.Parallelism, store.PageSize, sessions));

        double o = Median(ours), r = Median(raw), p = Median(py);
        Console.WriteLine($"Module (Thrift, in-place count): {o:0.000} s median of {repeat} ({sessions / o:N0} rows/s)");
        Console.WriteLine($"thriftpy, same range scans:      {p:0.000} s median of {repeat}");
        Console.WriteLine($"Raw socket ceiling (replay):     {r:0.000} s median of {repeat}");
        Console.WriteLine($"Ratio thriftpy/module: {p / o:0.0}x (goal: at least 3x). The module reaches {r / o:P0} of the raw-socket ceiling (goal: 25%).");
        return 0;
    }

    private static List<ThriftRange> Plan(ThriftCluster cluster, ThriftSessionStore store)
    {
        using var client = cluster.PoolFor("Orchestration").RentAsync(cluster.Nodes.Select(n => n.Address).ToList(), CancellationToken.None)
            .GetAwaiter().GetResult().Connection;
        var ring = ThriftRing.Ranges(new CassandraThriftClient(client).DescribeRingAsync("Orchestration", CancellationToken.None)
            .GetAwaiter().GetResult(), cluster.Partitioner);
        return new ThriftScanner(cluster.PoolFor("Orchestration"), ring) { Parallelism = store.Parallelism, PageSize = store.PageSize }.PlanRanges();
    }

    private static async Task Count(ThriftSessionStore store, int sessions)
    {
        var counts = await store.CountAsync(true, null, null, CancellationToken.None);
        long total = counts.Sum(x => x.Count);
        if (total != sessions) throw new InvalidOperationException($"The module counted {total}, expected {sessions}.");
    }

    /// <summary>The module's own request frames sent again on plain sockets; every answer read whole and dropped.</summary>
    private static async Task Replay(List<(string Host, byte[] Frame)> frames, int port, int parallelism)
    {
        var queue = new ConcurrentQueue<(string Host, byte[] Frame)>(frames);
        var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            var sockets = new Dictionary<string, NetworkStream>();
            var head = new byte[4];
            var buffer = new byte[1 << 20];
            try
            {
                while (queue.TryDequeue(out var item))
                {
                    string host = item.Host.Substring(0, item.Host.LastIndexOf(':'));
                    if (!sockets.TryGetValue(host, out var stream))
                    {
                        var tcp = new TcpClient { NoDelay = true };
                        await tcp.ConnectAsync(IPAddress.Parse(host), port);
                        sockets[host] = stream = tcp.GetStream();
                        buffer = await RoundTrip(stream, SetKeyspace, head, buffer);
                    }
                    buffer = await RoundTrip(stream, item.Frame, head, buffer);
                }
            }
            finally { foreach (var s in sockets.Values) s.Dispose(); }
        })).ToList();
        await Task.WhenAll(workers);
    }

    private static readonly byte[] SetKeyspace = new ThriftWriter().MessageBegin("set_keyspace", TMessageType.Call, 1)
        .Field(TType.String, 1).String("Orchestration").Stop().ToFrame();

    private static async Task<byte[]> RoundTrip(NetworkStream stream, byte[] frame, byte[] head, byte[] buffer)
    {
        await stream.WriteAsync(frame);
        await stream.ReadExactlyAsync(head);
        int length = (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3];
        if (buffer.Length < length) buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer.AsMemory(0, length));
        return buffer;
    }

    private static double Thriftpy(string root, int port, string rangesFile, int concurrency, int pageSize, int sessions) =>
        PythonCount("thriftpy", sessions, Path.Combine(root, "bench", "thrift", "thriftpy_count.py"),
            Path.Combine(root, "out", "thrift", "cassandra.thrift"), port.ToString(), rangesFile, concurrency.ToString(), pageSize.ToString());

    private static Process StartServer(string root, string config, int node) =>
        StartPython(Path.Combine(root, "tests", "thrift", "thrift_stand_in.py"), Path.Combine(root, "out", "thrift", "gen-py"), config,
            "--seconds", "3600", "--only-node", node.ToString());
}
