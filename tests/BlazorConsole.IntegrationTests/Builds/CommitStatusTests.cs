using System.Net.Http.Json;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.IntegrationTests.OAuth;
using BlazorConsole.TestSupport;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>A component created from an OAuth service reports its builds as commit statuses through its creator's binding.</summary>
public class CommitStatusTests(BuildWorkerFixture fixture) : IClassFixture<BuildWorkerFixture>
{
    [Fact]
    public async Task A_pushed_build_sets_pending_then_success_on_the_commit()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var console = fixture.Console;
        var (serviceId, user) = await OAuthDance.BoundDeveloperAsync(console, fake);

        var (repo, sha) = fixture.Support.Push(StaticSite);
        using var api = console.CreateApiClient(user.Token);
        var response = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "status-" + Guid.NewGuid().ToString("N")[..8],
            application = "builds",
            gitUrl = fixture.Server.UrlFor(repo.Name),
            branch = "main",
            triggerKeyword = "",
            gitUsername = GitUser,
            gitPassword = GitPassword,
            oauthServiceId = serviceId,
            repoFullName = "octocat/hello",
        });
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var component = new CreatedComponent(Guid.Parse(body.GetProperty("id").GetString()!), body.GetProperty("webhookSecret").GetString()!, "", "");

        var buildId = (await fixture.Support.PushWebhookAsync(component, sha)).GetProperty("buildId").GetInt64();
        Assert.Equal("Succeeded", Status(await fixture.Support.WaitForStatusAsync(buildId)));

        // Reported after the build's own state (best effort, off the worker's path): wait for both.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (fake.CommitStatuses.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var statuses = fake.CommitStatuses.ToArray();
        Assert.Equal(2, statuses.Length);
        Assert.All(statuses, s => Assert.StartsWith($"/api/v3/repos/octocat/hello/statuses/{sha} ", s, StringComparison.Ordinal));
        Assert.Contains("\"state\":\"pending\"", statuses[0], StringComparison.Ordinal);
        Assert.Contains("\"state\":\"success\"", statuses[1], StringComparison.Ordinal);
        Assert.Contains("blazorconsole/build", statuses[1], StringComparison.Ordinal);
    }
}
