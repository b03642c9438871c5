using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Cql
{
    /// <summary>
    /// A session with a Cassandra cluster: nodes discovered from system.local and system.peers,
    /// a small pool of connections per node, statements prepared per node, paging, and retries
    /// of idempotent requests on another node.
    /// </summary>
    public sealed class CqlSession : IDisposable
    {
        private readonly CqlConnectOptions _options;
        private readonly ConcurrentDictionary<IPEndPoint, HostPool> _pools = new ConcurrentDictionary<IPEndPoint, HostPool>();
        /// <summary>The host names of the contact points, per address: TLS checks certificates by them.</summary>
        private readonly ConcurrentDictionary<IPAddress, string> _names = new ConcurrentDictionary<IPAddress, string>();
        private readonly ConcurrentDictionary<string, CqlPrepared> _prepared = new ConcurrentDictionary<string, CqlPrepared>();
        private int _roundRobin;

        private CqlSession(CqlConnectOptions options) { _options = options; }

        public IReadOnlyList<CqlHost> Hosts { get; private set; } = new CqlHost[0];
        public string ClusterName { get; private set; }
        public string Partitioner { get; private set; }
        public int ProtocolVersion { get; private set; }
        public CqlHost ControlHost { get; private set; }
        /// <summary>The control node's SUPPORTED answer (CQL_VERSION, PROTOCOL_VERSIONS, COMPRESSION).</summary>
        public IReadOnlyDictionary<string, List<string>> Supported { get; private set; } = new Dictionary<string, List<string>>();

        public static async Task<CqlSession> ConnectAsync(IEnumerable<string> contactPoints, CqlConnectOptions options, CancellationToken cancel = default)
        {
            var session = new CqlSession(options);
            var failures = new List<string>();
            foreach (var endpoint in await session.ResolveAsync(contactPoints, options.Port).ConfigureAwait(false))
            {
                try
                {
                    await session.OpenControlAsync(endpoint, cancel).ConfigureAwait(false);
                    await session.RefreshHostsAsync(cancel).ConfigureAwait(false);
                    return session;
                }
                catch (CqlAuthenticationException) { session.Dispose(); throw; }
                catch (CqlException e) { failures.Add($"{endpoint}: {e.Message}"); }
            }
            session.Dispose();
            throw new CqlConnectionException("No contact point answered. " + string.Join(" ", failures));
        }

        private async Task<List<IPEndPoint>> ResolveAsync(IEnumerable<string> contactPoints, int defaultPort)
        {
            var result = new List<IPEndPoint>();
            foreach (var point in contactPoints)
            {
                string host = point;
                int port = defaultPort;
                int colon = point.LastIndexOf(':');
                if (colon > 0 && point.IndexOf(':') == colon && int.TryParse(point.Substring(colon + 1), out int p)) { host = point.Substring(0, colon); port = p; }
                IPAddress[] addresses;
                try { addresses = IPAddress.TryParse(host, out var ip) ? new[] { ip } : await Dns.GetHostAddressesAsync(host).ConfigureAwait(false); }
                catch (SocketException e) { throw new CqlConnectionException($"Cannot resolve the Cassandra contact " +
                    $"point '{host}': {e.Message}", e); }
                if (!IPAddress.TryParse(host, out _)) foreach (var a in addresses) _names.TryAdd(a, host);
                result.AddRange(addresses.Select(a => new IPEndPoint(a, port)));
            }
            return result;
        }

        /// <summary>Protocol v4 first; a node that refuses it at STARTUP (Cassandra 2.1) gets v3.</summary>
        private async Task OpenControlAsync(IPEndPoint endpoint, CancellationToken cancel)
        {
            CqlConnection connection;
            string name = TlsName(endpoint);
            try
            {
                connection = await CqlConnection.OpenAsync(endpoint, _options, 4, cancel, name).ConfigureAwait(false);
            }
            catch (CqlServerError e) when (e.Code == 0x000A)
            {
                connection = await CqlConnection.OpenAsync(endpoint, _options, 3, cancel, name).ConfigureAwait(false);
            }
            ProtocolVersion = connection.Version;
            Supported = connection.Supported;
            ControlHost = new CqlHost { EndPoint = endpoint, TlsName = name };
            _pools[endpoint] = new HostPool(ControlHost, connection);
        }

        /// <summary>
        /// Reads system.local and system.peers_v2 (system.peers before Cassandra 4.0) from the control node.
        /// </summary>
        public async Task RefreshHostsAsync(CancellationToken cancel = default)
        {
            var control = ControlHost;
            var local = (await QueryAsync("SELECT * FROM system.local WHERE key='local'", null, new CqlQueryOptions { Host = control }, cancel).ConfigureAwait(false)).Rows.FirstOrDefault()
                ?? throw new CqlProtocolException($"{control} returned no row from system.local.");
            ClusterName = local.Get<string>("cluster_name");
            Partitioner = local.Get<string>("partitioner");
            Fill(control, local);
            var hosts = new List<CqlHost> { control };
            foreach (var row in await PeersAsync(control, cancel).ConfigureAwait(false))
            {
                var endpoint = PeerEndPoint(row);
                var host = _pools.TryGetValue(endpoint, out var pool) ? pool.Host
                    : new CqlHost { EndPoint = endpoint, TlsName = TlsName(endpoint) };
                Fill(host, row);
                hosts.Add(host);
            }
            Hosts = hosts;
        }

        private async Task<List<CqlRow>> PeersAsync(CqlHost control, CancellationToken cancel)
        {
            var options = new CqlQueryOptions { Host = control, Idempotent = false };
            try { return (await QueryAsync("SELECT * FROM system.peers_v2", null, options, cancel).ConfigureAwait(false)).Rows; }
            catch (CqlServerError e) when (e.Code == 0x2200) { }
            return (await QueryAsync("SELECT * FROM system.peers", null, options, cancel).ConfigureAwait(false)).Rows;
        }

        private IPEndPoint PeerEndPoint(CqlRow row)
        {
            bool v2 = row.Count > 0 && HasColumn(row, "native_address");
            var address = v2 ? row.Get<IPAddress>("native_address") : row.Get<IPAddress>("rpc_address");
            if (address == null || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) address = row.Get<IPAddress>("peer");
            int port = v2 && row["native_port"] is int p ? p : _options.Port;
            return new IPEndPoint(address, port);
        }

        private static bool HasColumn(CqlRow row, string name)
        {
            try { _ = row[name]; return true; }
            catch (ArgumentException) { return false; }
        }

        private static void Fill(CqlHost host, CqlRow row)
        {
            host.DataCenter = row.Get<string>("data_center");
            host.Rack = row.Get<string>("rack");
            host.ReleaseVersion = row.Get<string>("release_version");
            host.HostId = row["host_id"] is Guid id ? id : Guid.Empty;
            host.SchemaVersion = row["schema_version"] is Guid sv ? sv : Guid.Empty;
            host.Tokens = (row["tokens"] as IEnumerable<object> ?? Enumerable.Empty<object>())
                .Select(t => long.Parse((string)t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }

        /// <summary>An unprepared statement; values are sent in the CQL type their .NET type maps to.</summary>
        public Task<CqlRowSet> QueryAsync(string cql, IList<object> values = null, CqlQueryOptions options = null, CancellationToken cancel = default)
        {
            options = options ?? new CqlQueryOptions();
            return WithRetryAsync(options, async (connection, host) =>
            {
                var encoded = values?.Select(v => v == null ? null : CqlCodec.Encode(CqlCodec.TypeOf(v), v)).ToList();
                var body = CqlRequests.Query(cql, options.Consistency, encoded, options.PageSize, options.PagingState);
                var frame = await connection.RequestAsync(CqlOpcode.Query, body, Timeout(options), cancel).ConfigureAwait(false);
                return CqlResultDecoder.Decode(frame) as CqlRowSet ?? new CqlRowSet();
            }, cancel);
        }

        /// <summary>DDL and other statements with no rows; returns the schema change, if any.</summary>
        public async Task<CqlSchemaChange> ExecuteNonQueryAsync(string cql, CancellationToken cancel = default)
        {
            var options = new CqlQueryOptions { Idempotent = false, Consistency = CqlConsistency.One };
            return await WithRetryAsync(options, async (connection, host) =>
            {
                var body = CqlRequests.Query(cql, options.Consistency, null, 0, null);
                var frame = await connection.RequestAsync(CqlOpcode.Query, body, Timeout(options), cancel).ConfigureAwait(false);
                return CqlResultDecoder.Decode(frame) as CqlSchemaChange;
            }, cancel).ConfigureAwait(false);
        }

        /// <summary>
        /// A statement prepared on the node that runs it; values are encoded in the types the node declared.
        /// </summary>
        public Task<CqlRowSet> ExecuteAsync(string cql, IList<object> values, CqlQueryOptions options = null,
            CancellationToken cancel = default) =>
            ExecuteCoreAsync(cql, values, options, (frame, prepared) =>
                CqlResultDecoder.Decode(frame, prepared.ResultColumns) as CqlRowSet ?? new CqlRowSet(), cancel);

        /// <summary>
        /// Like ExecuteAsync, but the rows are read in place by visit, undecoded; returns the paging state too.
        /// </summary>
        public Task<(byte[] PagingState, T Result)> ExecuteVisitAsync<T>(string cql, IList<object> values,
            CqlQueryOptions options,
            Func<CqlRowCursor, T> visit, CancellationToken cancel = default) =>
            ExecuteCoreAsync(cql, values, options, (frame, prepared) => CqlResultDecoder.Visit(frame,
                prepared.ResultColumns, visit), cancel);

        private Task<T> ExecuteCoreAsync<T>(string cql, IList<object> values, CqlQueryOptions options,
            Func<CqlFrame, CqlPrepared, T> decode, CancellationToken cancel)
        {
            options = options ?? new CqlQueryOptions();
            return WithRetryAsync(options, async (connection, host) =>
            {
                var prepared = await PrepareAsync(connection, cql, cancel).ConfigureAwait(false);
                try { return await ExecutePreparedAsync(connection, prepared, values, options, decode,
                    cancel).ConfigureAwait(false); }
                catch (CqlUnpreparedException)
                {
                    _prepared.TryRemove(Key(connection, cql), out _);
                    prepared = await PrepareAsync(connection, cql, cancel).ConfigureAwait(false);
                    return await ExecutePreparedAsync(connection, prepared, values, options, decode,
                        cancel).ConfigureAwait(false);
                }
            }, cancel);
        }

        private async Task<T> ExecutePreparedAsync<T>(CqlConnection connection, CqlPrepared prepared,
            IList<object> values,
            CqlQueryOptions options, Func<CqlFrame, CqlPrepared, T> decode, CancellationToken cancel)
        {
            if ((values?.Count ?? 0) != prepared.BindColumns.Count)
                throw new ArgumentException($"The statement has {prepared.BindColumns.Count} bind markers but " +
                    $"{values?.Count ?? 0} values were given.");
            var encoded = (values ?? new object[0]).Select((v, i) => CqlCodec.Encode(prepared.BindColumns[i].Type, v)).ToList();
            var body = CqlRequests.Execute(prepared.Id, options.Consistency, encoded, options.PageSize, options.PagingState);
            var frame = await connection.RequestAsync(CqlOpcode.Execute, body, Timeout(options), cancel).ConfigureAwait(false);
            return decode(frame, prepared);
        }

        private async Task<CqlPrepared> PrepareAsync(CqlConnection connection, string cql, CancellationToken cancel)
        {
            string key = Key(connection, cql);
            if (_prepared.TryGetValue(key, out var known)) return known;
            var frame = await connection.RequestAsync(CqlOpcode.Prepare, CqlRequests.Prepare(cql), _options.RequestTimeout, cancel).ConfigureAwait(false);
            var prepared = CqlResultDecoder.Decode(frame) as CqlPrepared ?? throw new CqlProtocolException("PREPARE did not return a prepared statement.");
            prepared.Query = cql;
            return _prepared[key] = prepared;
        }

        private static string Key(CqlConnection connection, string cql) => connection.EndPoint + "\n" + cql;

        private TimeSpan Timeout(CqlQueryOptions options) => options.Timeout ?? _options.RequestTimeout;

        /// <summary>
        /// Runs a request on the chosen node, or the next node in turn. An idempotent request that
        /// fails for a reason another node may not have (connection, overload, unavailable) is tried
        /// once more on each of up to two other nodes.
        /// </summary>
        private async Task<T> WithRetryAsync<T>(CqlQueryOptions options, Func<CqlConnection, CqlHost, Task<T>> run, CancellationToken cancel)
        {
            var tried = new List<CqlHost>();
            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                var host = ChooseHost(options.Host, tried);
                tried.Add(host);
                try
                {
                    var connection = await ConnectionAsync(host, cancel).ConfigureAwait(false);
                    var result = await run(connection, host).ConfigureAwait(false);
                    host.IsUp = true;
                    return result;
                }
                catch (CqlException e) when (options.Idempotent && CqlErrorDecoder.IsRetryableElsewhere(e) && tried.Count < Math.Min(3, Math.Max(1, Hosts.Count)))
                {
                    if (e is CqlConnectionException) host.IsUp = false;
                }
                catch (CqlException e)
                {
                    if (e.Host == null) e.Host = host.ToString();
                    throw;
                }
            }
        }

        private CqlHost ChooseHost(CqlHost preferred, List<CqlHost> tried)
        {
            if (preferred != null && !tried.Contains(preferred)) return preferred;
            var candidates = Hosts.Where(h => !tried.Contains(h)).ToList();
            if (candidates.Count == 0) candidates = Hosts.Count > 0 ? Hosts.ToList() : new List<CqlHost> { ControlHost };
            var up = candidates.Where(h => h.IsUp).ToList();
            var pick = up.Count > 0 ? up : candidates;
            return pick[(Interlocked.Increment(ref _roundRobin) & int.MaxValue) % pick.Count];
        }

        private async Task<CqlConnection> ConnectionAsync(CqlHost host, CancellationToken cancel)
        {
            var pool = _pools.GetOrAdd(host.EndPoint, _ => new HostPool(host, null));
            return await pool.GetAsync(_options, ProtocolVersion, cancel).ConfigureAwait(false);
        }

        /// <summary>Polls schema_version on every node until they agree (after DDL), or the timeout passes.</summary>
        public async Task<bool> WaitForSchemaAgreementAsync(TimeSpan timeout, CancellationToken cancel = default)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var versions = new HashSet<Guid>();
                foreach (var host in Hosts.Where(h => h.IsUp))
                {
                    try
                    {
                        var row = (await QueryAsync("SELECT schema_version FROM system.local WHERE key='local'", null, new CqlQueryOptions { Host = host, Idempotent = false }, cancel).ConfigureAwait(false)).Rows.FirstOrDefault();
                        if (row?["schema_version"] is Guid g) versions.Add(g);
                    }
                    catch (CqlConnectionException) { host.IsUp = false; }
                }
                if (versions.Count <= 1) return true;
                if (DateTime.UtcNow >= deadline) return false;
                await Task.Delay(200, cancel).ConfigureAwait(false);
            }
        }

        private string TlsName(IPEndPoint endpoint) =>
            _names.TryGetValue(endpoint.Address, out var name) ? name : endpoint.Address.ToString();

        public void Dispose()
        {
            foreach (var pool in _pools.Values) pool.Dispose();
            _pools.Clear();
        }

        /// <summary>The connections to one node: opened on demand up to the limit, the least busy chosen.</summary>
        private sealed class HostPool : IDisposable
        {
            private readonly List<CqlConnection> _connections = new List<CqlConnection>();
            private readonly SemaphoreSlim _opening = new SemaphoreSlim(1, 1);

            public HostPool(CqlHost host, CqlConnection first)
            {
                Host = host;
                if (first != null) _connections.Add(first);
            }

            public CqlHost Host { get; }

            public async Task<CqlConnection> GetAsync(CqlConnectOptions options, int version, CancellationToken cancel)
            {
                lock (_connections)
                {
                    _connections.RemoveAll(c => !c.IsOpen);
                    var idle = _connections.OrderBy(c => c.InFlight).FirstOrDefault();
                    if (idle != null && (_connections.Count >= options.ConnectionsPerHost || idle.InFlight == 0)) return idle;
                }
                await _opening.WaitAsync(cancel).ConfigureAwait(false);
                try
                {
                    var connection = await CqlConnection.OpenAsync(Host.EndPoint, options, version, cancel,
                        Host.TlsName).ConfigureAwait(false);
                    lock (_connections) _connections.Add(connection);
                    return connection;
                }
                finally { _opening.Release(); }
            }

            public void Dispose()
            {
                lock (_connections)
                {
                    foreach (var c in _connections) c.Dispose();
                    _connections.Clear();
                }
            }
        }
    }
}
