using System;

namespace OrsMigration.Config
{
    /// <summary>A connection to a configuration store, as Connect-OrsConfigServer returns it.</summary>
    public sealed class OrsConfigConnection : IDisposable
    {
        public OrsConfigConnection(string kind, string location, IConfigStore store)
        {
            Kind = kind;
            Location = location;
            Store = store;
            Repository = new ConfigRepository(store);
            ConnectedAt = DateTimeOffset.Now;
            Id = Guid.NewGuid();
        }

        public Guid Id { get; }
        /// <summary>File (a folder of GAX JSON objects) or Gax (Configuration Server through GAX).</summary>
        public string Kind { get; }
        public string Location { get; }
        public DateTimeOffset ConnectedAt { get; }
        public bool IsOpen { get; private set; } = true;
        public IConfigStore Store { get; }
        public ConfigRepository Repository { get; }

        public void Dispose()
        {
            if (!IsOpen) return;
            IsOpen = false;
            Store.Dispose();
        }

        public override string ToString() => $"{Kind}: {Location}";
    }
}
