using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using OrsMigration.Control;

namespace OrsMigration.Commands
{
    /// <summary>
    /// Runs work on the cmdlet's pipeline thread for engine code on worker threads: script blocks
    /// (a site's server control or installer) may only run there. The cmdlet pumps the queue while
    /// it waits for the engine.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private readonly BlockingCollection<Action> _work = new BlockingCollection<Action>();
        private readonly int _pipelineThread = Thread.CurrentThread.ManagedThreadId;

        public T Invoke<T>(Func<T> work)
        {
            if (Thread.CurrentThread.ManagedThreadId == _pipelineThread) return work();
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _work.Add(() =>
            {
                try { done.SetResult(work()); }
                catch (Exception e) { done.SetException(e); }
            });
            return done.Task.GetAwaiter().GetResult();
        }

        public void Invoke(Action work) => Invoke(() => { work(); return true; });

        /// <summary>Runs what is queued, waiting up to milliseconds for the first item.</summary>
        public void Pump(int milliseconds)
        {
            while (_work.TryTake(out var action, milliseconds)) { action(); milliseconds = 0; }
        }
    }

    /// <summary>A server control whose calls run on the pipeline thread.</summary>
    internal sealed class DispatchedControl : OrsServerControl
    {
        private readonly OrsServerControl _inner;
        private readonly PipelineDispatcher _dispatcher;

        public DispatchedControl(OrsServerControl inner, PipelineDispatcher dispatcher) { _inner = inner; _dispatcher = dispatcher; }

        public override string Description => _inner.Description;
        public override OrsServerStatus Status(OrsApplication app) => _dispatcher.Invoke(() => _inner.Status(app));
        public override void Start(OrsApplication app) => _dispatcher.Invoke(() => _inner.Start(app));
        public override void Stop(OrsApplication app) => _dispatcher.Invoke(() => _inner.Stop(app));
        public override void Switchover(OrsApplication primary) => _dispatcher.Invoke(() => _inner.Switchover(primary));
    }

    /// <summary>An installer whose calls run on the pipeline thread.</summary>
    internal sealed class DispatchedInstaller : IInstaller
    {
        private readonly IInstaller _inner;
        private readonly PipelineDispatcher _dispatcher;

        public DispatchedInstaller(IInstaller inner, PipelineDispatcher dispatcher) { _inner = inner; _dispatcher = dispatcher; }

        public string Description => _inner.Description;
        public void Install(OrsApplication app, string version, string exportFolder) => _dispatcher.Invoke(() => _inner.Install(app, version, exportFolder));
    }

    /// <summary>The -Install script block: param($Application, $Version, $ExportFolder).</summary>
    internal sealed class ScriptBlockInstaller : IInstaller
    {
        private readonly System.Management.Automation.ScriptBlock _block;

        public ScriptBlockInstaller(System.Management.Automation.ScriptBlock block) { _block = block; }

        public string Description => "script block";

        /// <summary>How long an installation may take before its script block is stopped.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(2);

        public void Install(OrsApplication app, string version, string exportFolder) =>
            ScriptBlockRunner.Invoke(_block, Timeout, $"-Install ({version})", "InstallFailed", app,
                new object[] { app, version, exportFolder });
    }
}
