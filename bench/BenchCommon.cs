using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

// What the Cassandra benchmarks share: timing, medians, the repository, free ports, test servers.
internal static class BenchCommon
{
    public static async Task<double> Time(Func<Task> work)
    {
        GC.Collect();
        var w = Stopwatch.StartNew();
        await work();
        return w.Elapsed.TotalSeconds;
    }

    public static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "build.ps1"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }

    public static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
    }

    /// <summary>Debian's Python running a script; its output's last JSON line.</summary>
    public static Process StartPython(params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return Process.Start(info);
    }

    public static void WaitReady(Process p, string what)
    {
        string line = p.StandardOutput.ReadLine();
        if (line == null || !line.StartsWith("READY")) throw new InvalidOperationException($"{what} did not start: " + p.StandardError.ReadToEnd());
    }

    /// <summary>Runs a Python counting script to its end; its result line {"rows": N, "seconds": S}, checked against the expected rows.</summary>
    public static double PythonCount(string what, long expectedRows, params string[] arguments)
    {
        using var p = StartPython(arguments);
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("{")) ?? throw new InvalidOperationException(what + " failed: " + error);
        var result = Newtonsoft.Json.Linq.JObject.Parse(line);
        if ((long)result["rows"] != expectedRows) throw new InvalidOperationException($"{what} counted {result["rows"]}, expected {expectedRows}.");
        return (double)result["seconds"];
    }
}
