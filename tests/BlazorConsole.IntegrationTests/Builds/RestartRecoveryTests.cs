using BlazorConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>The console stops mid-build; a new console over the same data directory marks it Interrupted and re-queues it once.</summary>
public sealed class RestartRecoveryTests : IAsyncLifetime
{
    private readonly string reposRoot = Directory.CreateTempSubdirectory("bc-restart-repos-").FullName;
    private GitSmartHttpServer server = null!;

    public async Task InitializeAsync() => server = await GitSmartHttpServer.StartAsync(reposRoot, GitUser, GitPassword);

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(reposRoot, recursive: true);
    }

    [Fact]
    public async Task A_build_running_when_the_console_stops_is_Interrupted_and_re_queued_after_restart()
    {
        var first = new BuildConsoleFactory();
        await first.InitializeAsync();
        var support = new BuildTestSupport(first, server, reposRoot);
        var (repo, _) = support.Push(SlowPackageJson);
        var component = await support.ComponentAsync(repo);
        var buildId = await support.ManualBuildAsync(component.Id);
        var sleeper = HostPid(int.Parse(await support.WaitForLogValueAsync(buildId, "child-pid="), System.Globalization.CultureInfo.InvariantCulture));

        // Stopping the host stops its workers: the process tree goes, the row is left Running as after a crash.
        await first.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await WaitUntilGoneAsync(sleeper);

        var second = new BuildConsoleFactory { DataDir = first.DataDir };
        await second.InitializeAsync();
        try
        {
            await WaitForWorkersAsync(second);
            support = new BuildTestSupport(second, server, reposRoot);
            var builds = await second.WithDbAsync(db => db.Builds.AsNoTracking().Where(b => b.ComponentId == component.Id).OrderBy(b => b.Number).ToListAsync());
            Assert.Equal(2, builds.Count);
            Assert.Equal(Domain.Builds.BuildStatus.Interrupted, builds[0].Status);
            Assert.Equal("Interrupted: the console stopped while this build ran. Re-queued as build #2.", builds[0].StatusDetail);
            Assert.NotNull(builds[0].FinishedAt);
            Assert.Equal("re-queued after build #1 was interrupted", builds[1].StatusDetail);
            Assert.Contains("Interrupted: the console stopped", await support.LogAsync(buildId), StringComparison.Ordinal);

            // The re-queued build runs (same ref) in the new console.
            var again = HostPid(int.Parse(await support.WaitForLogValueAsync(builds[1].Id, "child-pid="), System.Globalization.CultureInfo.InvariantCulture));
            using var client = second.CreateApiClient(Infrastructure.ConsoleFactory.AdminToken);
            await client.PostAsync($"/api/v1/builds/{builds[1].Id}/cancel", null);
            Assert.Equal("Canceled", Status(await support.WaitForStatusAsync(builds[1].Id)));
            await WaitUntilGoneAsync(again);
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }
}
