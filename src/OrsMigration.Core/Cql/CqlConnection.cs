using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Cql
{
    /// <summary>
    /// How to reach and log in to Cassandra. The password never leaves this object except on the wire.
    /// </summary>
    public sealed class CqlConnectOptions
    {
        public int Port { get; set; } = 9042;
        public NetworkCredential Credential { get; set; }
        public bool UseTls { get; set; }
        public bool SkipCertificateCheck { get; set; }
        /// <summary>A CA (or a self-signed node certificate) trusted here besides the system's.</summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2 CertificateAuthority { get; set; }
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>Connections kept per node.</summary>
        public int ConnectionsPerHost { get; set; } = 2;
        /// <summary>Requests in flight on one connection at most (stream ids).</summary>
        public int MaxRequestsPerConnection { get; set; } = 1024;
        /// <summary>
        /// The largest frame body accepted; a bigger declared frame is refused before anything is allocated.
        /// </summary>
        public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;
        public const int DefaultMaxFrameBytes = 64 * 1024 * 1024;
    }

    /// <summary>
    /// One connection to one node: TCP or TLS, the STARTUP/AUTH handshake, and stream-id
    /// multiplexing (one writer at a time, one reader loop that hands each response to its request).
    /// </summary>
    internal sealed class CqlConnection : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly Stream _stream;
        private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);
        private readonly ConcurrentDictionary<short, TaskCompletionSource<CqlFrame>> _pending = new ConcurrentDictionary<short, TaskCompletionSource<CqlFrame>>();
        private readonly ConcurrentBag<short> _freeIds = new ConcurrentBag<short>();
        private readonly ConcurrentDictionary<short, bool> _orphans = new ConcurrentDictionary<short, bool>();
        private readonly CancellationTokenSource _closed = new CancellationTokenSource();
        private Exception _failure;

        private readonly int _maxFrameBytes;

        private CqlConnection(IPEndPoint endpoint, TcpClient tcp, Stream stream, int version, int maxInFlight,
            int maxFrameBytes)
        {
            _maxFrameBytes = maxFrameBytes;
            EndPoint = endpoint;
            _tcp = tcp;
            _stream = stream;
            Version = version;
            for (int i = maxInFlight - 1; i >= 0; i--) _freeIds.Add((short)i);
        }

        public IPEndPoint EndPoint { get; }
        public int Version { get; }
        public bool IsOpen => !_closed.IsCancellationRequested;
        public int InFlight => _pending.Count;

        public static async Task<CqlConnection> OpenAsync(IPEndPoint endpoint, CqlConnectOptions options, int version,
            CancellationToken cancel, string tlsName = null)
        {
            var tcp = new TcpClient(endpoint.AddressFamily) { NoDelay = true };
            CqlConnection connection = null;
            try
            {
                var connect = tcp.ConnectAsync(endpoint.Address, endpoint.Port);
                if (await Task.WhenAny(connect, Task.Delay(options.ConnectTimeout, cancel)).ConfigureAwait(false) != connect)
                {
                    cancel.ThrowIfCancellationRequested();
                    throw new CqlConnectionException($"Connecting to Cassandra at {endpoint} timed out after " +
                        $"{options.ConnectTimeout.TotalSeconds:0.#} s.");
                }
                await connect.ConfigureAwait(false);
                Stream stream = tcp.GetStream();
                if (options.UseTls)
                    stream = await TlsAsync(stream, endpoint, tlsName ?? endpoint.Address.ToString(), options)
                        .ConfigureAwait(false);
                connection = new CqlConnection(endpoint, tcp, stream, version, options.MaxRequestsPerConnection,
                    options.MaxFrameBytes);
                connection.StartReading();
                await connection.HandshakeAsync(options, cancel).ConfigureAwait(false);
                return connection;
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                connection?.Dispose();
                tcp.Dispose();
                if (e is CqlException) throw;
                throw new CqlConnectionException($"Cannot connect to Cassandra at {endpoint}: {e.Message} Check the " +
                    "address, the native transport port (start_native_transport) and the firewall.", e);
            }
        }

        private static async Task<Stream> TlsAsync(Stream inner, IPEndPoint endpoint, string name,
            CqlConnectOptions options)
        {
            var check = new Util.CertificateCheck(options.SkipCertificateCheck, options.CertificateAuthority, name);
            var ssl = new SslStream(inner, false, check.Validate);
            try
            {
                await ssl.AuthenticateAsClientAsync(name, null, Util.TlsPolicy.ClientProtocols, false)
                    .ConfigureAwait(false);
            }
            catch (System.Security.Authentication.AuthenticationException e)
            {
                throw new CqlConnectionException($"The TLS certificate of Cassandra at {endpoint} is not trusted " +
                    $"for the name '{name}' ({check.Problem ?? e.Message}). Install its CA (or give it with " +
                    "-CertificateAuthority), connect by the name its certificate carries, or use " +
                    "-SkipCertificateCheck on a test system.", e);
            }
            return ssl;
        }

        /// <summary>
        /// What the node said it supports (OPTIONS/SUPPORTED): CQL_VERSION, PROTOCOL_VERSIONS, COMPRESSION.
        /// </summary>
        public IReadOnlyDictionary<string, List<string>> Supported { get; private set; } = new Dictionary<string, List<string>>();

        private async Task HandshakeAsync(CqlConnectOptions options, CancellationToken cancel)
        {
            var supported = await SendAsync(CqlOpcode.Options, CqlRequests.Options(), options.ConnectTimeout, cancel).ConfigureAwait(false);
            if (supported.Opcode == CqlOpcode.Supported) Supported = supported.BodyReader(out _).StringMultiMap();
            else if (supported.Opcode == CqlOpcode.Error) throw Unexpected(supported, "OPTIONS");
            var startup = CqlRequests.Startup(new Dictionary<string, string> { ["CQL_VERSION"] = "3.0.0", ["DRIVER_NAME"] = "OrsMigration" });
            var reply = await SendAsync(CqlOpcode.Startup, startup, options.ConnectTimeout, cancel).ConfigureAwait(false);
            if (reply.Opcode == CqlOpcode.Ready) return;
            if (reply.Opcode != CqlOpcode.Authenticate) throw Unexpected(reply, "STARTUP");
            string authenticator = reply.BodyReader(out _).String();
            await AuthenticateAsync(authenticator, options, cancel).ConfigureAwait(false);
        }

        /// <summary>
        /// SASL PLAIN, with DSE's extra round trip (mechanism name, then the challenge) when its authenticator asks.
        /// </summary>
        private async Task AuthenticateAsync(string authenticator, CqlConnectOptions options, CancellationToken cancel)
        {
            if (options.Credential == null)
                throw new CqlAuthenticationException($"Cassandra at {EndPoint} requires a login ({authenticator}); " +
                    "give -Credential.");
            var plain = new CqlWriter().Byte(0).Raw(System.Text.Encoding.UTF8.GetBytes(options.Credential.UserName))
                .Byte(0).Raw(System.Text.Encoding.UTF8.GetBytes(options.Credential.Password)).ToArray();
            bool dse = authenticator.IndexOf("DseAuthenticator", StringComparison.Ordinal) >= 0;
            byte[] token = dse ? System.Text.Encoding.ASCII.GetBytes("PLAIN") : plain;
            for (int round = 0; round < 4; round++)
            {
                var reply = await SendAsync(CqlOpcode.AuthResponse, CqlRequests.AuthResponse(token), options.ConnectTimeout, cancel).ConfigureAwait(false);
                if (reply.Opcode == CqlOpcode.AuthSuccess) return;
                if (reply.Opcode != CqlOpcode.AuthChallenge) throw Unexpected(reply, "AUTH_RESPONSE",
                    options.Credential.Password);
                token = plain;
            }
            throw new CqlAuthenticationException($"Cassandra at {EndPoint} kept challenging the login; its " +
                $"authenticator {authenticator} is not supported.");
        }

        private Exception Unexpected(CqlFrame reply, string after, string secret = null)
        {
            if (reply.Opcode == CqlOpcode.Error)
            {
                var error = CqlErrorDecoder.Decode(reply.BodyReader(out _), secret);
                error.Host = EndPoint.ToString();
                return error;
            }
            return new CqlProtocolException($"Cassandra at {EndPoint} answered {reply.Opcode} to {after}.");
        }

        /// <summary>
        /// Sends a request and waits for its response; an ERROR response is thrown as its typed exception.
        /// </summary>
        public async Task<CqlFrame> RequestAsync(CqlOpcode opcode, byte[] body, TimeSpan timeout, CancellationToken cancel)
        {
            var reply = await SendAsync(opcode, body, timeout, cancel).ConfigureAwait(false);
            if (reply.Opcode == CqlOpcode.Error) throw Unexpected(reply, opcode.ToString());
            return reply;
        }

        private async Task<CqlFrame> SendAsync(CqlOpcode opcode, byte[] body, TimeSpan timeout, CancellationToken cancel)
        {
            if (!IsOpen) throw Closed();
            if (!_freeIds.TryTake(out short id))
                throw new CqlConnectionException($"Too many requests in flight on the connection to {EndPoint}.");
            var tcs = new TaskCompletionSource<CqlFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = tcs;
            bool answered = false;
            try
            {
                await WriteAsync(CqlFrame.Encode(Version, id, opcode, body), cancel).ConfigureAwait(false);
                var done = await Task.WhenAny(tcs.Task, Task.Delay(timeout, cancel)).ConfigureAwait(false);
                if (done != tcs.Task)
                {
                    cancel.ThrowIfCancellationRequested();
                    throw new CqlTimeoutException($"Cassandra at {EndPoint} did not answer a {opcode} within " +
                        $"{timeout.TotalSeconds:0.#} s.");
                }
                answered = true;
                return await tcs.Task.ConfigureAwait(false);
            }
            finally
            {
                // A request that timed out keeps its id until its late answer arrives, so that answer
                // can never be taken for the reply to a newer request on the same id.
                if (answered) { _pending.TryRemove(id, out _); _freeIds.Add(id); }
                else _orphans[id] = true;
            }
        }

        private async Task WriteAsync(byte[] frame, CancellationToken cancel)
        {
            await _writeLock.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(frame, 0, frame.Length, cancel).ConfigureAwait(false);
                await _stream.FlushAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException)
            {
                Fail(new CqlConnectionException($"The connection to Cassandra at {EndPoint} broke while sending: " +
                    $"{e.Message}", e));
                throw Closed();
            }
            finally { _writeLock.Release(); }
        }

        private void StartReading() => Task.Run(ReadLoopAsync);

        private async Task ReadLoopAsync()
        {
            var header = new byte[CqlFrame.HeaderLength];
            try
            {
                while (!_closed.IsCancellationRequested)
                {
                    await ReadExactlyAsync(header).ConfigureAwait(false);
                    var frame = CqlFrame.DecodeHeader(header, out int length);
                    if (length > _maxFrameBytes)
                        throw new CqlProtocolException($"Cassandra at {EndPoint} announced a frame of {length} " +
                            "bytes, more than the " +
                            $"{_maxFrameBytes} allowed; nothing was read and the connection is closed. Ask for " +
                            "smaller pages, or raise the limit.");
                    frame.Body = new byte[length];
                    await ReadExactlyAsync(frame.Body).ConfigureAwait(false);
                    Dispatch(frame);
                }
            }
            catch (Exception e)
            {
                Fail(e is CqlException ? e : new CqlConnectionException($"The connection to Cassandra at {EndPoint} " +
                    $"was closed: {e.Message}", e));
            }
        }

        private void Dispatch(CqlFrame frame)
        {
            // EVENT pushes (stream -1) and answers nobody waits for any more are dropped.
            if (!_pending.TryRemove(frame.Stream, out var tcs)) return;
            if (_orphans.TryRemove(frame.Stream, out _)) { _freeIds.Add(frame.Stream); return; }
            tcs.TrySetResult(frame);
        }

        private async Task ReadExactlyAsync(byte[] buffer)
        {
            int read = 0;
            while (read < buffer.Length)
            {
                int n = await _stream.ReadAsync(buffer, read, buffer.Length - read, _closed.Token).ConfigureAwait(false);
                if (n == 0) throw new CqlConnectionException($"Cassandra at {EndPoint} closed the connection.");
                read += n;
            }
        }

        private void Fail(Exception e)
        {
            if (_failure == null) _failure = e;
            if (!_closed.IsCancellationRequested) _closed.Cancel();
            foreach (var kv in _pending)
                if (_pending.TryRemove(kv.Key, out var tcs)) tcs.TrySetException(_failure);
        }

        private Exception Closed() => _failure as CqlException ?? new CqlConnectionException($"The connection to " +
            $"Cassandra at {EndPoint} is closed.");

        public void Dispose()
        {
            Fail(new CqlConnectionException($"The connection to Cassandra at {EndPoint} was closed by the client."));
            try { _stream.Dispose(); } catch (IOException) { }
            _tcp.Dispose();
        }
    }
}
