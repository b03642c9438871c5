using System;
using System.Threading;
using OrsMigration.Control;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// The one place that waits for an Application to reach a state: polls the control, honours its hints, times out
    /// clearly.
    /// </summary>
    public sealed class StateWaiter
    {
        private readonly IServerControl _control;
        private readonly TimeSpan _poll;

        public StateWaiter(IServerControl control, TimeSpan pollInterval)
        {
            _control = control;
            _poll = pollInterval;
        }

        public OrsServerStatus WaitFor(OrsApplication app, Func<OrsServerStatus, bool> done, TimeSpan timeout,
            string what, CancellationToken cancel)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var status = _control.Status(app);
                if (done(status)) return status;
                if (DateTime.UtcNow >= deadline)
                    throw new OrsException("StepTimeout", OrsErrorKind.OperationTimeout,
                        $"{app.Name} did not {what} within {timeout.TotalSeconds:0.#} s (it is {status.Status}, " +
                        $"{status.Mode}).", app);
                if (cancel.WaitHandle.WaitOne(Pause(app, deadline))) cancel.ThrowIfCancellationRequested();
            }
        }

        /// <summary>
        /// Until the control says the state changes (the lab knows), else one poll interval; never past the deadline.
        /// </summary>
        private TimeSpan Pause(OrsApplication app, DateTime deadline)
        {
            var pause = _poll;
            var next = (_control as IStateChangeHint)?.NextChangeUtc(app);
            if (next.HasValue) pause = next.Value - DateTime.UtcNow + TimeSpan.FromMilliseconds(1);
            var left = deadline - DateTime.UtcNow;
            if (pause > left) pause = left;
            return pause < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : pause;
        }
    }
}
