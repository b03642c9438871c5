using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OrsMigration.Thrift
{
    /// <summary>
    /// Open, logged-in connections per node, each set to the keyspace: a range scan's workers
    /// each rent their own, and give it back when the page is read.
    /// </summary>
    public sealed class ThriftPool : IDisposable
    {
        private readonly ConcurrentDictionary<string, ConcurrentBag<CassandraThriftClient>> _idle =
            new ConcurrentDictionary<string, ConcurrentBag<CassandraThriftClient>>(StringComparer.OrdinalIgnoreCase);
        private readonly ThriftConnectOptions _options;
        private int _disposed;

        public ThriftPool(ThriftConnectOptions options, string keyspace)
        {
            _options = options;
            Keyspace = keyspace;
        }

        public string Keyspace { get; }
        public ThriftConnectOptions Options => _options;

        /// <summary>A connection to the first of the endpoints that answers.</summary>
        public async Task<CassandraThriftClient> RentAsync(IReadOnlyList<string> endpoints, CancellationToken cancel)
        {
            Exception last = null;
            foreach (var host in endpoints)
            {
                if (_idle.TryGetValue(host, out var bag))
                    while (bag.TryTake(out var idle)) if (idle.Connection.IsOpen) return idle;
                try { return await OpenAsync(host, Keyspace, cancel).ConfigureAwait(false); }
                catch (ThriftException e) when (!(e is CassandraThriftException)) { last = e; }
            }
            throw last ?? new ThriftConnectionException("No node to connect to.");
        }

        public void Return(string host, CassandraThriftClient client)
        {
            if (Volatile.Read(ref _disposed) == 0 && client.Connection.IsOpen && host != null)
                _idle.GetOrAdd(host, _ => new ConcurrentBag<CassandraThriftClient>()).Add(client);
            else client.Connection.Dispose();
        }

        /// <summary>
        /// A new connection, logged in when there are credentials, set to the keyspace when one is given.
        /// </summary>
        public async Task<CassandraThriftClient> OpenAsync(string host, string keyspace, CancellationToken cancel)
        {
            var connection = await ThriftConnection.OpenAsync(host, _options, cancel).ConfigureAwait(false);
            var client = new CassandraThriftClient(connection) { Host = host };
            try
            {
                if (_options.Credential != null)
                    await client.LoginAsync(_options.Credential.UserName, _options.Credential.Password,
                        cancel).ConfigureAwait(false);
                if (keyspace != null) await client.SetKeyspaceAsync(keyspace, cancel).ConfigureAwait(false);
                return client;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            foreach (var bag in _idle.Values)
                while (bag.TryTake(out var c)) c.Connection.Dispose();
        }
    }
}
