using System.Diagnostics;
using System.Net;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Releases;

/// <summary>The desired state outlives the console: after a restart over the same data directory the app is back.</summary>
public sealed class ConsoleRestartTests : IDisposable
{
    private readonly Artifacts artifacts = new();
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "bc-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_console_restart_brings_the_running_app_back_and_a_stopped_one_stays_stopped()
    {
        using var app = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };
        Guid running, stopped;
        int firstPid;
        var first = new RestartableConsoleFactory(dataDir);
        await first.InitializeAsync();
        try
        {
            running = (await first.CreateComponentAsync(new { name = "keeps", application = "restart", gitUrl = "https://example.test/a.git", branch = "main", triggerKeyword = "" })).Id;
            stopped = (await first.CreateComponentAsync(new { name = "stays-off", application = "restart", gitUrl = "https://example.test/b.git", branch = "main", triggerKeyword = "" })).Id;
            var releases = first.Services.GetRequiredService<ReleaseManager>();
            var keeps = await releases.DeployAsync(running, 7, ReleaseArtifact.InDirectory(artifacts.NodeApp("kept-v7")), "node server.js", CancellationToken.None);
            Assert.True(keeps.Succeeded, keeps.Detail + "\n" + keeps.HealthLog);
            var off = await releases.DeployAsync(stopped, 1, ReleaseArtifact.InDirectory(artifacts.StaticSite("off")), null, CancellationToken.None);
            Assert.True(off.Succeeded, off.Detail + "\n" + off.HealthLog);
            await releases.StopAsync(stopped, CancellationToken.None);
            Assert.Equal((HttpStatusCode.OK, "kept-v7 "), await first.GetAppAsync(app, "keeps.apps.localhost"));
            firstPid = (await releases.GetStatusAsync(running)).HostProcessId!.Value;
        }
        finally
        {
            await ((IAsyncLifetime)first).DisposeAsync();
        }

        // The console stopped its child processes on the way down. The app is a grandchild (inside the sandbox): the
        // console waits for its own child's exit, and the app's may be reaped a moment later.
        var reapedBy = DateTime.UtcNow.AddSeconds(10);
        while (IsAlive(firstPid) && DateTime.UtcNow < reapedBy)
        {
            await Task.Delay(50);
        }

        Assert.False(IsAlive(firstPid), "The app process outlived the console.");

        var second = new RestartableConsoleFactory(dataDir);
        await second.InitializeAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            (HttpStatusCode, string) answer = default;
            while (DateTime.UtcNow < deadline)
            {
                answer = await second.GetAppAsync(app, "keeps.apps.localhost");
                if (answer.Item1 == HttpStatusCode.OK)
                {
                    break;
                }

                await Task.Delay(100);
            }

            Assert.Equal((HttpStatusCode.OK, "kept-v7 "), answer);
            var status = await second.Services.GetRequiredService<ReleaseManager>().GetStatusAsync(running);
            Assert.Equal(7, status.BuildId);
            Assert.Equal(HttpStatusCode.NotFound, (await second.GetAppAsync(app, "stays-off.apps.localhost")).Status);
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    [Fact]
    public async Task With_several_replicas_a_start_leaves_a_deploy_another_replica_may_be_running_and_fails_one_left_behind()
    {
        Guid componentId;
        var first = new ReplicaModeConsoleFactory(dataDir);
        await first.InitializeAsync();
        try
        {
            componentId = (await first.CreateComponentAsync(new { name = "deploying", application = "restart", gitUrl = "https://example.test/d.git", branch = "main", triggerKeyword = "" })).Id;
            await first.WithDbAsync(async db =>
            {
                // One deploy just began (on "another replica"); one began an hour ago and nobody finished it.
                db.Releases.Add(Release.Create(componentId, 11, ReleaseArtifactKind.Image, "blazorconsole/x/deploying:11", null, "docker", DateTimeOffset.UtcNow));
                db.Releases.Add(Release.Create(componentId, 10, ReleaseArtifactKind.Image, "blazorconsole/x/deploying:10", null, "docker", DateTimeOffset.UtcNow.AddHours(-1)));
                return await db.SaveChangesAsync();
            });
        }
        finally
        {
            await ((IAsyncLifetime)first).DisposeAsync();
        }

        var second = new ReplicaModeConsoleFactory(dataDir);
        await second.InitializeAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            List<Release> releases;
            do
            {
                await Task.Delay(100);
                releases = await second.WithDbAsync(db => db.Releases.AsNoTracking().Where(r => r.ComponentId == componentId).OrderBy(r => r.BuildId).ToListAsync());
            }
            while (releases[0].Status == ReleaseStatus.Starting && DateTime.UtcNow < deadline);

            Assert.Equal(ReleaseStatus.Failed, releases[0].Status);
            Assert.Equal("Interrupted: the console stopped during the deploy.", releases[0].StatusDetail);
            Assert.Equal(ReleaseStatus.Starting, releases[1].Status);
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
            await RestartableConsoleFactory.DropDatabaseOfAsync(dataDir);
        }
    }

    /// <summary>Over a given data directory, as one of several replicas would reconcile (Runtime:SeveralReplicas).</summary>
    private sealed class ReplicaModeConsoleFactory(string dataDir) : DeployConsoleFactory
    {
        protected override string? SharedDataDir => dataDir;

        protected override bool KeepsDatabase => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Runtime:SeveralReplicas", "true");
        }
    }

    [Fact]
    public async Task Leftovers_of_a_crashed_console_are_stopped_at_start_up_and_unrelated_processes_with_stale_pid_files_are_not()
    {
        // What a console killed with -9 leaves: a release process (with the runtime's marker) and its pid file; plus a
        // stale pid file whose pid now belongs to someone else's process.
        var pids = Directory.CreateDirectory(Path.Combine(dataDir, "runtime", "pids")).FullName;
        using var leftover = StartSleep(marker: "41");
        using var stranger = StartSleep(marker: null);
        await File.WriteAllTextAsync(Path.Combine(pids, "41.pid"), leftover.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(Path.Combine(pids, "42.pid"), stranger.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var console = new RestartableConsoleFactory(dataDir);
            await console.InitializeAsync();
            try
            {
                // Clean-up stops the process, then removes the pid files one by one: wait for all of it.
                var deadline = DateTime.UtcNow.AddSeconds(15);
                while ((!leftover.HasExited || Directory.GetFiles(pids, "4*.pid").Length > 0) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }

                Assert.True(leftover.HasExited, "The leftover release process was not stopped.");
                Assert.False(stranger.HasExited, "A process that is not a release was killed.");
                Assert.Empty(Directory.GetFiles(pids, "4*.pid"));
            }
            finally
            {
                await ((IAsyncLifetime)console).DisposeAsync();
            }
        }
        finally
        {
            foreach (var process in new[] { leftover, stranger })
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private static Process StartSleep(string? marker)
    {
        var info = new ProcessStartInfo("sleep", ["300"]) { UseShellExecute = false };
        if (marker is not null)
        {
            info.Environment[RuntimeEnvironment.ReleaseMarker] = marker;
        }

        return Process.Start(info)!;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        artifacts.Dispose();
        RestartableConsoleFactory.DropDatabaseOfAsync(dataDir).GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }
}
