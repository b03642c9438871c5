using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using OrsMigration.Config;
using Xunit;

namespace OrsMigration.Tests
{
    /// <summary>GaxConfigStore against the GAX stand-in (backed by a copy of a sample store).</summary>
    public class GaxStoreTests
    {
        private static readonly NetworkCredential Admin = new NetworkCredential("admin", "Adm1n-pw");

        private static (GaxStandInServer, string) Serve(string extra = "", bool https = false)
        {
            string root = TestPaths.NewTempDir();
            Directory.Move(TestPaths.CopyOfSample("ors-813"), Path.Combine(root, "s1"));
            return (new GaxStandInServer(root, "--user admin --password Adm1n-pw " + extra, https), Path.Combine(root, "s1"));
        }

        private static ConfigRepository Repo(GaxStandInServer gax, bool skip = false) =>
            new ConfigRepository(new GaxConfigStore(gax.Store("s1"), Admin, skip, TimeSpan.FromSeconds(10), allowUnencrypted: true));

        [Fact]
        public void ReadsAndWritesApplicationsLikeTheFileStore()
        {
            var (gax, folder) = Serve();
            using (gax)
            {
                var repo = Repo(gax);
                var apps = repo.GetApplications().ToList();
                Assert.Equal(19, apps.Count);
                var ors = apps.Single(a => a.Name == "ORS_DC1_1");
                Assert.Equal(("dc1-ors1", 241), (ors.HostName, ors.BackupDbid));
                ors.Options.Set("orchestration", "mcr-pull-limit", "20");
                repo.Save(ors);
                Assert.Equal("20", new ConfigRepository(new FileConfigStore(folder)).GetApplication(240).Options.Get("orchestration", "mcr-pull-limit"));
                Assert.Null(repo.Store.Get(CfgTypes.Application, 99999));
            }
        }

        [Fact]
        public void CancelPendingStopsARequestInFlightWithoutARetry()
        {
            var (gax, _) = Serve("--delay-ms 2000");
            using (gax)
            {
                var store = new GaxConfigStore(gax.Store("s1"), Admin, false, TimeSpan.FromSeconds(30), allowUnencrypted: true);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var read = System.Threading.Tasks.Task.Run(() => store.Get(CfgTypes.Application, 240));
                Thread.Sleep(300);
                store.CancelPending();
                Assert.ThrowsAny<OperationCanceledException>(() => read.GetAwaiter().GetResult());
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.8), $"The read stopped only after {clock.Elapsed}.");
                Thread.Sleep(2500);   // the abandoned request reaches the stand-in's counter after its delay
                // At most the one request: never a retry (none at all when a loaded machine cancelled it before
                // it was sent).
                Assert.InRange((int?)gax.Stats()["GET"] ?? 0, 0, 1);
                Assert.Equal(240, store.Get(CfgTypes.Application, 240).Dbid);   // later requests run normally
            }
        }

        [Fact]
        public void FindsAnApplicationByNameWithOneFilteredReadAndIgnoringCase()
        {
            var (gax, _) = Serve();
            using (gax)
            {
                var repo = Repo(gax);
                Assert.Equal(240, repo.FindApplication("ORS_DC1_1").Dbid);
                var stats = gax.Stats();
                Assert.Equal((1, null), ((int)stats["list-by-name"], stats["list"]));   // no whole list read
                Assert.Equal(240, repo.FindApplication("ors_dc1_1").Dbid);   // the stand-in filters by case: confirmed over the list
                Assert.Equal(1, (int)gax.Stats()["list"]);
                Assert.Null(repo.FindApplication("NoSuch"));
            }
        }

        [Fact]
        public void DisconnectingEndsTheGaxSession()
        {
            var (gax, _) = Serve();
            using (gax)
            {
                var connection = new OrsConfigConnection("Gax", gax.Store("s1").ToString(), new GaxConfigStore(gax.Store("s1"), Admin, false, TimeSpan.FromSeconds(10), allowUnencrypted: true));
                Assert.NotNull(connection.Repository.GetApplication(240));
                connection.Dispose();
                Assert.Equal(1, (int)gax.Stats()["logout"]);
                Assert.False(connection.IsOpen);
            }
        }

        [Fact]
        public void ABadLoginIsAClearErrorWithoutThePassword()
        {
            var (gax, _) = Serve();
            using (gax)
            {
                var e = Assert.Throws<OrsException>(() => new GaxConfigStore(gax.Store("s1"), new NetworkCredential("admin", "Wr0ng-pw"), false, TimeSpan.FromSeconds(5), allowUnencrypted: true));
                Assert.Equal("OrsMigration.GaxLoginFailed", e.ErrorId);
                Assert.DoesNotContain("Wr0ng-pw", e.Message);
            }
        }

        [Fact]
        public void AnExpiredSessionLogsInAgainWithoutWritingTwice()
        {
            var (gax, _) = Serve("--session-seconds 1");
            using (gax)
            {
                var repo = Repo(gax);
                var app = repo.GetApplication(240);
                Thread.Sleep(1500);
                app.Options.Set("orchestration", "x", "1");
                repo.Save(app);
                Assert.Equal("1", repo.GetApplication(240).Options.Get("orchestration", "x"));
                Assert.Equal(1, (int)gax.Stats()["PUT"]);
            }
        }

        [Fact]
        public void AConcurrentModificationIsRefused()
        {
            var (gax, _) = Serve();
            using (gax)
            {
                var first = Repo(gax);
                var second = Repo(gax);
                var a = first.GetApplication(240);
                var b = second.GetApplication(240);
                a.Options.Set("orchestration", "a", "1");
                first.Save(a);
                b.Options.Set("orchestration", "b", "2");
                Assert.Equal("OrsMigration.StaleWrite", Assert.Throws<OrsException>(() => second.Save(b)).ErrorId);
                Assert.Null(first.GetApplication(240).Options.Get("orchestration", "b"));
            }
        }

        [Fact]
        public void AServerErrorOnAWriteIsNotRetriedAndNothingIsHalfWritten()
        {
            var (gax, folder) = Serve("--fail-put 1");
            using (gax)
            {
                var repo = Repo(gax);
                var app = repo.GetApplication(240);
                app.Options.Set("orchestration", "x", "1");
                var e = Assert.Throws<OrsException>(() => repo.Save(app));
                Assert.Equal("OrsMigration.GaxServerError", e.ErrorId);
                Assert.Contains("not repeated", e.Message);
                Assert.Equal(1, (int)gax.Stats()["PUT"]);
                Assert.Null(new ConfigRepository(new FileConfigStore(folder)).GetApplication(240).Options.Get("orchestration", "x"));
            }
        }

        [Fact]
        public void ReadsAreRetriedAfterAServerError()
        {
            var (gax, _) = Serve("--fail-every 2");
            using (gax)
                Assert.Equal(19, Repo(gax).GetApplications().Count());
        }

        [Fact]
        public void ASelfSignedCertificateIsRefusedUnlessTheCheckIsSkipped()
        {
            var (gax, _) = Serve(https: true);
            using (gax)
            {
                var e = Assert.Throws<OrsException>(() => Repo(gax));
                Assert.Equal("OrsMigration.GaxUnreachable", e.ErrorId);
                Assert.Equal(19, Repo(gax, skip: true).GetApplications().Count());
            }
        }
    }
}
