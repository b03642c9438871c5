using System;
using System.IO;
using System.Net;
using OrsMigration.Control;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>The mlcmd and silent-setup adapters against fake executables that record their arguments.</summary>
    public class ControlAdapterTests : IDisposable
    {
        private readonly string _folder = TestPaths.NewTempDir();
        private readonly OrsApplication _app = new OrsApplication { Dbid = 240, Name = "ORS_DC1_1", Version = "8.1.300.36" };

        public ControlAdapterTests()
        {
            Environment.SetEnvironmentVariable("FAKE_MLCMD_LOG", Path.Combine(_folder, "mlcmd.log"));
            Environment.SetEnvironmentVariable("FAKE_MLCMD_STATE", Path.Combine(_folder, "state.json"));
            Environment.SetEnvironmentVariable("FAKE_SETUP_LOG", Path.Combine(_folder, "setup.log"));
            Environment.SetEnvironmentVariable("FAKE_SETUP_FAIL", null);
        }

        public void Dispose() { }

        private static string Fake(string name)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "fakes", name);
            System.Diagnostics.Process.Start("chmod", $"+x \"{path}\"").WaitForExit();
            return path;
        }

        private MlcmdControl Mlcmd(string password = "secret", Action<OrsApplication> switchover = null) =>
            new MlcmdControl(Fake("mlcmd"), "cfg1:2020", new NetworkCredential("admin", password), "default", null, switchover);

        [Fact]
        public void StatusStartAndStopGoThroughMlcmdWithTheLogin()
        {
            var control = Mlcmd();
            Assert.Equal((OrsRunState.Running, OrsRunMode.Primary), (control.Status(_app).Status, control.Status(_app).Mode));
            control.Stop(_app);
            Assert.Equal(OrsRunState.Stopped, control.Status(_app).Status);
            control.Start(_app);
            Assert.Equal((OrsRunState.Running, OrsRunMode.Backup), (control.Status(_app).Status, control.Status(_app).Mode));
            string log = File.ReadAllText(Path.Combine(_folder, "mlcmd.log"));
            Assert.Contains("-cshost cfg1 -csport 2020 -csuser admin -cspassword secret -csappname default -stopapp ORS_DC1_1", log);
        }

        [Fact]
        public void TheDocumentedAnswerIsReadEvenWhenItListsSeveralApplications()
        {
            var syntax = new MlcmdSyntax { Status = "-getallappstatus" };
            var control = new MlcmdControl(Fake("mlcmd"), "cfg1:2020", new NetworkCredential("admin", "secret"), "default", syntax, null,
                "scs1:4999");
            new MlcmdControl(Fake("mlcmd"), "cfg1:2020", new NetworkCredential("admin", "secret"), "default", null, null).Stop(_app);
            var status = control.Status(_app);
            Assert.Equal((OrsRunState.Stopped, OrsRunMode.Unknown), (status.Status, status.Mode));
            var other = control.Status(new OrsApplication { Dbid = 9, Name = "ORS_OTHER" });
            Assert.Equal((OrsRunState.Running, OrsRunMode.Backup), (other.Status, other.Mode));
            Assert.Equal("OrsMigration.MlcmdNoStatus",
                Assert.Throws<OrsControlException>(() => control.Status(new OrsApplication { Dbid = 8, Name = "ORS_NONE" })).ErrorId);
            Assert.Contains("-scshost scs1 -scsport 4999 -getallappstatus", File.ReadAllText(Path.Combine(_folder, "mlcmd.log")));
        }

        [Theory]
        [InlineData("Application: ORS_DC1_1\nDBID: 240\nStatus: Running\nRunmode: Backup\n", OrsRunState.Running, OrsRunMode.Backup)]
        [InlineData("Application: X\r\nStatus: Running\r\nRunmode: Primary\r\n\r\nApplication: ORS_DC1_1\r\nDBID: 240\r\n" +
                    "Status: Stopped\r\nRunmode: Unknown\r\n", OrsRunState.Stopped, OrsRunMode.Unknown)]
        public void TheRunmodeLineGivesTheMode(string answer, OrsRunState state, OrsRunMode mode)
        {
            var control = Mlcmd();
            string block = control.BlockOf(answer, _app);
            var syntax = control.Syntax;
            Assert.Equal(state.ToString(), System.Text.RegularExpressions.Regex.Match(block, syntax.StatusPattern).Groups[1].Value);
            Assert.Equal(mode.ToString(), System.Text.RegularExpressions.Regex.Match(block, syntax.ModePattern).Groups[1].Value);
        }

        [Fact]
        public void AFailedLoginIsAnErrorThatNeverShowsThePassword()
        {
            var e = Assert.Throws<OrsControlException>(() => Mlcmd("Wr0ng-pa55").Status(_app));
            Assert.Equal("OrsMigration.MlcmdFailed", e.ErrorId);
            Assert.Contains("Login to Configuration Server failed", e.Message);
            Assert.DoesNotContain("Wr0ng-pa55", e.Message);
        }

        [Fact]
        public void SwitchoverNeedsAHandlerSinceMlcmdHasNone()
        {
            Assert.Equal("OrsMigration.SwitchoverUnsupported", Assert.Throws<OrsControlException>(() => Mlcmd().Switchover(_app)).ErrorId);
            OrsApplication switched = null;
            Mlcmd(switchover: a => switched = a).Switchover(_app);
            Assert.Same(_app, switched);
        }

        [Fact]
        public void SilentSetupRunsInstallShWithTheResponseFileAndReportsFailures()
        {
            string ini = Path.Combine(_folder, "genesys_silent.ini");
            File.WriteAllText(ini, "[IPCommon]\nInstallPath=/opt/genesys/ors\n");
            var installer = new SilentSetupInstaller(Fake("install.sh"), ini, _folder);
            installer.Install(_app, "8.1.400.64", _folder);
            Assert.Equal($"-s -fr {ini}", File.ReadAllText(Path.Combine(_folder, "setup.log")).Trim());
            Environment.SetEnvironmentVariable("FAKE_SETUP_FAIL", "1");
            var e = Assert.Throws<OrsControlException>(() => installer.Install(_app, "8.1.400.64", _folder));
            Assert.Contains("exit code 3", e.Message);
            Assert.Contains("disk full", e.Message);
            Assert.Throws<OrsControlException>(() => new SilentSetupInstaller(Path.Combine(_folder, "{version}", "install.sh"), ini, _folder).Install(_app, "9.9", _folder));
        }
    }
}
