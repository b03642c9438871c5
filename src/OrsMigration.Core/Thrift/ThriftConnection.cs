using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// How to reach and log in to Cassandra's Thrift interface. The password leaves this object only on the wire.
    /// </summary>
    public sealed class ThriftConnectOptions
    {
        public const int DefaultPort = 9160;
        /// <summary>Cassandra's thrift_framed_transport_size_in_mb default: 15 MiB.</summary>
        public const int DefaultMaxFrameBytes = 15 * 1024 * 1024;

        public int Port { get; set; } = DefaultPort;
        public NetworkCredential Credential { get; set; }
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(12);
        /// <summary>
        /// The largest answer accepted; a bigger declared frame is refused before anything is allocated.
        /// </summary>
        public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;
    }

    /// <summary>
    /// One TFramedTransport connection speaking strict TBinaryProtocol, as Cassandra's Thrift
    /// server requires. One call at a time (Thrift has no multiplexing); a call that times out
    /// or is cancelled closes the connection, since its answer may still arrive later.
    /// </summary>
    public sealed class ThriftConnection : IDisposable
    {
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly ThriftConnectOptions _options;
        private readonly Socket _socket;
        private readonly Stream _stream;
        private int _seq;

        private ThriftConnection(Socket socket, string endPoint, ThriftConnectOptions options)
        {
            _socket = socket;
            _stream = new NetworkStream(socket, true);
            _options = options;
            EndPoint = endPoint;
        }

        public string EndPoint { get; }
        public bool IsOpen { get; private set; } = true;

        /// <summary>
        /// Sees every request frame before it is sent (the benchmark records them to replay on raw sockets).
        /// </summary>
        internal static Action<string, byte[]> RequestObserver { get; set; }

        /// <summary>What a server's error text must never show (it may echo the login).</summary>
        private string[] Secret => _options.Credential?.Password is string p && p.Length > 0 ? new[] { p } : null;

        public static async Task<ThriftConnection> OpenAsync(string host, ThriftConnectOptions options,
            CancellationToken cancel)
        {
            string endPoint = host + ":" + options.Port;
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream,
                ProtocolType.Tcp) { NoDelay = true, DualMode = true };
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
                var connect = socket.ConnectAsync(addresses, options.Port);
                if (await Task.WhenAny(connect, Task.Delay(options.ConnectTimeout,
                    cancel)).ConfigureAwait(false) != connect)
                {
                    socket.Dispose();
                    cancel.ThrowIfCancellationRequested();
                    throw new ThriftConnectionException($"Cassandra's Thrift port {endPoint} did not accept a " +
                        $"connection within {options.ConnectTimeout.TotalSeconds:0.#} s.");
                }
                await connect.ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException || e is IOException)
            {
                socket.Dispose();
                throw new ThriftConnectionException(
                    $"Cannot connect to Cassandra's Thrift port {endPoint}: {e.Message}", e);
            }
            return new ThriftConnection(socket, endPoint, options);
        }

        /// <summary>
        /// One call: the arguments struct written by args, the answer's success field read by result
        /// (null for void calls), the declared exceptions mapped by faults (field 1, 2, ... in order).
        /// </summary>
        public async Task<T> CallAsync<T>(string method, Action<ThriftWriter> args, Func<ThriftReader, TType, T> result,
            CassandraFault[] faults, CancellationToken cancel)
        {
            await _gate.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                if (!IsOpen) throw new ThriftConnectionException($"The Thrift connection to {EndPoint} is closed.");
                int seq = Interlocked.Increment(ref _seq);
                var w = new ThriftWriter().MessageBegin(method, TMessageType.Call, seq);
                args?.Invoke(w);
                byte[] request = w.Stop().ToFrame();
                RequestObserver?.Invoke(EndPoint, request);
                byte[] answer = await ExchangeAsync(method, request, cancel).ConfigureAwait(false);
                return ThriftReply.Read(new ThriftReader(answer), method, seq, result, faults, EndPoint, Secret);
            }
            finally { _gate.Release(); }
        }

        private async Task<byte[]> ExchangeAsync(string method, byte[] request, CancellationToken cancel)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                timeout.CancelAfter(_options.RequestTimeout);
                // A blocked read ends only when the socket closes: close it on timeout or Ctrl+C.
                using (timeout.Token.Register(Close))
                {
                    try
                    {
                        await _stream.WriteAsync(request, 0, request.Length, timeout.Token).ConfigureAwait(false);
                        int length = ToInt(await ReadExactlyAsync(4, timeout.Token).ConfigureAwait(false));
                        if (length < 0 || length > _options.MaxFrameBytes)
                        {
                            Close();
                            throw new ThriftFrameTooLargeException($"Cassandra at {EndPoint} answered {method} with " +
                                $"a frame of {(uint)length} bytes, " +
                                $"more than the {_options.MaxFrameBytes} bytes allowed; nothing was read. Ask for " +
                                "smaller pages, or raise the limit.");
                        }
                        return await ReadExactlyAsync(length, timeout.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!(e is ThriftException) && (e is IOException || e is SocketException
                        || e is ObjectDisposedException || e is OperationCanceledException))
                    {
                        Close();
                        cancel.ThrowIfCancellationRequested();
                        if (timeout.IsCancellationRequested)
                            throw new ThriftTimeoutException($"Cassandra at {EndPoint} did not answer {method} " +
                                $"within {_options.RequestTimeout.TotalSeconds:0.#} s.");
                        throw new ThriftConnectionException($"The Thrift connection to {EndPoint} broke during " +
                            $"{method}: {e.Message}", e);
                    }
                }
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancel)
        {
            var buffer = new byte[count];
            int read = 0;
            while (read < count)
            {
                int n = await _stream.ReadAsync(buffer, read, count - read, cancel).ConfigureAwait(false);
                if (n == 0) throw new IOException("the server closed the connection");
                read += n;
            }
            return buffer;
        }

        private static int ToInt(byte[] b) => (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];

        private void Close()
        {
            IsOpen = false;
            try { _socket.Dispose(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            Close();
            _stream.Dispose();
        }

        public override string ToString() => "thrift:" + EndPoint;
    }

    /// <summary>Reads an answer: TApplicationException, a declared exception, or the success value.</summary>
    internal static class ThriftReply
    {
        public static T Read<T>(ThriftReader r, string method, int seq, Func<ThriftReader, TType, T> result,
            CassandraFault[] faults, string host, string[] secrets = null)
        {
            var (name, type, seqId) = r.MessageBegin();
            if (type == TMessageType.Exception) throw ApplicationException(r, method, host, secrets);
            if (type != TMessageType.Reply || name != method || seqId != seq)
                throw new ThriftProtocolException($"Cassandra at {host} answered {method} (#{seq}) with {type} " +
                    $"{name} (#{seqId}).");
            T value = default;
            bool got = false;
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 0 && result != null) { value = result(r, f.Type); got = true; }
                else if (f.Id >= 1 && faults != null && f.Id <= faults.Length && f.Type == TType.Struct)
                    throw Fault(r, faults[f.Id - 1], method, host, secrets);
                else r.Skip(f.Type);
            }
            if (result != null && !got)
                throw new ThriftProtocolException($"Cassandra at {host} answered {method} without a result.");
            return value;
        }

        private static ThriftApplicationException ApplicationException(ThriftReader r, string method, string host,
            string[] secrets)
        {
            string message = null;
            int type = 0;
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 1 && f.Type == TType.String) message = r.String();
                else if (f.Id == 2 && f.Type == TType.I32) type = r.I32();
                else r.Skip(f.Type);
            }
            string text = Util.Redact.Text(message, secrets);
            return new ThriftApplicationException($"Cassandra at {host} could not run {method}: {text} " +
                $"(TApplicationException {type}).", type)
            { Host = host };
        }

        private static CassandraThriftException Fault(ThriftReader r, CassandraFault fault, string method, string host,
            string[] secrets)
        {
            string why = null;
            for (var f = r.Field(); f.Type != TType.Stop; f = r.Field())
            {
                if (f.Id == 1 && f.Type == TType.String) why = r.String();
                else r.Skip(f.Type);
            }
            string text = why == null ? string.Empty : ": " + Util.Redact.Text(why, secrets);
            return new CassandraThriftException(fault,
                $"Cassandra at {host} refused {method} ({fault}){text}.") { Host = host };
        }
    }
}
