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
        private readonly string _timeoutErrorId;

        /// <param name="timeoutErrorId">
        /// The error id of a timeout: a run's step (StepTimeout) or a cmdlet's wait (ServerTimeout).
        /// </param>
        public StateWaiter(IServerControl control, TimeSpan pollInterval, string timeoutErrorId = "StepTimeout")
        {
            _control = control;
            _poll = pollInterval;
            _timeoutErrorId = timeoutErrorId;
        }

        public OrsServerStatus WaitFor(OrsApplication app, Func<OrsServerStatus, bool> done, TimeSpan timeout,
            string what, CancellationToken cancel) => Wait(app, done, null, timeout, what, cancel);

        /// <summary>
        /// Waits for an Application just started to run in <paramref name="mode"/> (null: any known mode).
        /// Once seen coming up (Starting or Running), Stopped means it went down again (a crash, or someone
        /// stopped it): that fails at once, not after the whole timeout.
        /// </summary>
        public OrsServerStatus WaitForStart(OrsApplication app, OrsRunMode? mode, TimeSpan timeout,
            CancellationToken cancel)
        {
            OrsRunState? seenUp = null;
            string what = mode == null ? "start" : $"start in {mode} mode";
            Func<OrsServerStatus, bool> done = s => s.Status == OrsRunState.Running
                && (mode == null ? s.Mode != OrsRunMode.Unknown : s.Mode == mode);
            return Wait(app, done, s =>
            {
                if (s.Status == OrsRunState.Starting || s.Status == OrsRunState.Running) seenUp = s.Status;
                return seenUp == null || s.Status != OrsRunState.Stopped ? null
                    : $"{app.Name} went down while starting (seen {seenUp}, now {s.Status}): it crashed or was " +
                      "stopped. Its host's logs say why.";
            }, timeout, what, cancel);
        }

        private OrsServerStatus Wait(OrsApplication app, Func<OrsServerStatus, bool> done,
            Func<OrsServerStatus, string> failure, TimeSpan timeout, string what, CancellationToken cancel)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var status = _control.Status(app);
                if (done(status)) return status;
                string down = failure?.Invoke(status);
                if (down != null) throw new OrsException("WentDown", OrsErrorKind.InvalidOperation, down, app);
                if (DateTime.UtcNow >= deadline)
                    throw new OrsException(_timeoutErrorId, OrsErrorKind.OperationTimeout,
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
