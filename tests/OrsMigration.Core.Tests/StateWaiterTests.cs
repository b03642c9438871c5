using System;
using System.Collections.Generic;
using System.Threading;
using OrsMigration.Config;
using OrsMigration.Control;
using OrsMigration.Upgrade;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>The one waiter: a start that goes down fails at once; a slow one waits its time.</summary>
    public class StateWaiterTests
    {
        /// <summary>Answers the scripted states in turn, then the last one for ever.</summary>
        private sealed class ScriptedControl : OrsServerControl
        {
            private readonly Queue<OrsRunState> _states;
            private OrsRunState _last;
            public ScriptedControl(params OrsRunState[] states) { _states = new Queue<OrsRunState>(states); }
            public override string Description => "scripted";
            public int Looks { get; private set; }
            public override OrsServerStatus Status(OrsApplication app)
            {
                Looks++;
                if (_states.Count > 0) _last = _states.Dequeue();
                return new OrsServerStatus { ApplicationName = app.Name, Status = _last,
                    Mode = _last == OrsRunState.Running ? OrsRunMode.Backup : OrsRunMode.Unknown };
            }
            public override void Start(OrsApplication app) { }
            public override void Stop(OrsApplication app) { }
            public override void Switchover(OrsApplication primary) { }
        }

        private static readonly OrsApplication App = new OrsApplication { Name = "ORS_DC1_1_Backup", Dbid = 241 };

        [Theory]
        [InlineData(OrsRunState.Starting)]
        [InlineData(OrsRunState.Running)]
        public void A_start_seen_coming_up_then_stopped_fails_at_once_as_went_down(OrsRunState up)
        {
            var control = new ScriptedControl(OrsRunState.Stopped, up, OrsRunState.Stopped);
            var waiter = new StateWaiter(control, TimeSpan.FromMilliseconds(1));
            var mode = up == OrsRunState.Running ? OrsRunMode.Primary : (OrsRunMode?)null;
            var e = Assert.Throws<OrsException>(() => waiter.WaitForStart(App, mode, TimeSpan.FromMinutes(5),
                CancellationToken.None));
            Assert.Equal("OrsMigration.WentDown", e.ErrorId);
            Assert.Contains($"ORS_DC1_1_Backup went down while starting (seen {up}, now Stopped)", e.Message);
            Assert.Equal(3, control.Looks);
        }

        [Fact]
        public void A_start_never_seen_coming_up_waits_out_its_timeout()
        {
            var control = new ScriptedControl(OrsRunState.Stopped);
            var waiter = new StateWaiter(control, TimeSpan.FromMilliseconds(5));
            var e = Assert.Throws<OrsException>(() => waiter.WaitForStart(App, null, TimeSpan.FromMilliseconds(200),
                CancellationToken.None));
            Assert.Equal("OrsMigration.StepTimeout", e.ErrorId);
            Assert.True(control.Looks > 3, $"looked {control.Looks} times");
        }

        [Fact]
        public void A_start_that_comes_up_in_the_mode_asked_returns_its_status()
        {
            var control = new ScriptedControl(OrsRunState.Stopped, OrsRunState.Starting, OrsRunState.Running);
            var waiter = new StateWaiter(control, TimeSpan.FromMilliseconds(1));
            var s = waiter.WaitForStart(App, OrsRunMode.Backup, TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.Equal(OrsRunState.Running, s.Status);
            Assert.Equal(OrsRunMode.Backup, s.Mode);
        }

        [Fact]
        public void Other_waits_do_not_read_stopped_as_a_failure()
        {
            var control = new ScriptedControl(OrsRunState.Running, OrsRunState.Stopped);
            var waiter = new StateWaiter(control, TimeSpan.FromMilliseconds(1));
            var s = waiter.WaitFor(App, x => x.Status == OrsRunState.Stopped, TimeSpan.FromMinutes(1), "stop",
                CancellationToken.None);
            Assert.Equal(OrsRunState.Stopped, s.Status);
        }
    }
}
