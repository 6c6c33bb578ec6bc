using BlazorConsole.IntegrationTests.Builds;
using BlazorConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Releases;

/// <summary>
/// The seed's promise in one test: a signed push to a real repository is built by the workers and deployed, and the app
/// answers at its host on the console's port; the next push replaces it.
/// </summary>
public sealed class PushToLiveTests : IAsyncLifetime
{
    private readonly string reposRoot = Directory.CreateTempSubdirectory("bc-live-repos-").FullName;
    private readonly LiveConsoleFactory console = new();
    private GitSmartHttpServer server = null!;
    private BuildTestSupport support = null!;

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(reposRoot, GitUser, GitPassword);
        await console.InitializeAsync();
        support = new BuildTestSupport(console, server, reposRoot);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)console).DisposeAsync();
        await server.DisposeAsync();
        try
        {
            Directory.Delete(reposRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_push_builds_deploys_and_serves_the_site_and_the_next_push_replaces_it()
    {
        var (repo, first) = support.Push(("index.html", "<h1>live v1</h1>"));
        var component = await support.ComponentAsync(repo);
        var created = await console.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Components, c => c.Id == component.Id));
        var host = $"{created.Name}.apps.localhost";
        using var client = console.CreateSocketClient();

        var build1 = (await support.PushWebhookAsync(component, first)).GetProperty("buildId").GetInt64();
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(build1)));
        Assert.Contains("live v1", await WaitForContentAsync(client, host, "live v1"), StringComparison.Ordinal);

        repo.WriteFile("index.html", "<h1>live v2</h1>");
        var second = repo.CommitAndPush("Second version");
        var build2 = (await support.PushWebhookAsync(component, second)).GetProperty("buildId").GetInt64();
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(build2)));
        Assert.Contains("live v2", await WaitForContentAsync(client, host, "live v2"), StringComparison.Ordinal);
        // The build row says how its deploy went once the swap (including the old release's drain) is done.
        var detail = "";
        for (var i = 0; i < 100 && !detail.Contains("deployed as release", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            detail = (await support.BuildAsync(build2)).GetProperty("statusDetail").GetString() ?? "";
        }

        Assert.Contains("deployed as release", detail, StringComparison.Ordinal);
        Assert.Equal("Deployed", (await support.BuildAsync(build2)).GetProperty("deployStatus").GetString());
        // The runtime log names the build as the pages do (#2 of this component), not by its row id.
        using var api = console.CreateSocketClient(Infrastructure.ConsoleFactory.AdminToken);
        Assert.Contains("Deploying build #2 ", await api.GetStringAsync($"/api/v1/components/{component.Id}/runtime-log"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_whose_app_fails_its_health_check_shows_deploy_failed_and_that_nothing_serves_yet()
    {
        // Builds fine (no dependencies, no build script), then exits at once instead of serving.
        var (repo, first) = support.Push(("package.json", """{ "name": "broken", "version": "1.0.0", "scripts": { "start": "node -e \"process.exit(3)\"" } }"""));
        var component = await support.ComponentAsync(repo);
        var buildId = (await support.PushWebhookAsync(component, first)).GetProperty("buildId").GetInt64();
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(buildId)));

        // The deploy's outcome lands on the build once the health check has given up.
        var build = await support.BuildAsync(buildId);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (build.GetProperty("deployStatus").ValueKind == System.Text.Json.JsonValueKind.Null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            build = await support.BuildAsync(buildId);
        }

        Assert.Equal("Failed", build.GetProperty("deployStatus").GetString());
        Assert.Contains("the deploy failed", build.GetProperty("statusDetail").GetString(), StringComparison.Ordinal);
        Assert.Contains("nothing is serving yet", build.GetProperty("statusDetail").GetString(), StringComparison.Ordinal);

        // Not a green "Succeeded" anywhere it is listed: the component's builds and the build page say "Deploy failed".
        using var browser = await support.AdminBrowserAsync();
        Assert.Contains("Deploy failed", await browser.GetStringAsync($"/components/{component.Id}/builds"), StringComparison.Ordinal);
        Assert.Contains("Deploy failed", await browser.GetStringAsync($"/builds/{buildId}"), StringComparison.Ordinal);
    }

    private Task<string> WaitForContentAsync(HttpClient client, string host, string expected) => console.WaitForAppContentAsync(client, host, expected, 60);

    /// <summary>Workers on, deploy after build on, quick runtime timings.</summary>
    private sealed class LiveConsoleFactory : DeployConsoleFactory
    {
        protected override bool RunBuildWorkers => true;

        protected override bool DeployAfterBuild => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Builds:PollMilliseconds", "500");
        }
    }
}
