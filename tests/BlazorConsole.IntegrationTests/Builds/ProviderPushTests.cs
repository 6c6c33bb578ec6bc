using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.IntegrationTests.OAuth;
using BlazorConsole.TestSupport;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>
/// The seed's loop without a browser: a private repository at the (fake) provider, a component picked through the OAuth
/// binding with Auto Build on, and pushes the provider itself delivers to the hook it was given.
/// </summary>
public class ProviderPushTests(BuildWorkerFixture fixture) : IClassFixture<BuildWorkerFixture>
{
    [Fact]
    public async Task Provider_pushes_are_skipped_without_the_keyword_and_built_with_it_by_cloning_with_the_bound_token()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var console = fixture.Console;
        var (serviceId, user) = await OAuthDance.BoundDeveloperAsync(console, fake);

        var repository = "octocat/shop-" + Guid.NewGuid().ToString("N")[..6];
        using var api = console.CreateApiClient(user.Token);
        var component = await AutoBuildComponentAsync(fake, api, serviceId, repository);
        var hook = Assert.Single(fake.Hooks, h => h.Repository == repository);
        Assert.Equal(component.GetProperty("webhookSecret").GetString(), hook.Secret);

        var (_, skipped) = await fake.PushAsync(repository, "docs: fix a typo", ("README.md", "typo fixed\n"));
        var skip = JsonDocument.Parse(Assert.Single(skipped).Body).RootElement;
        Assert.Equal(200, skipped[0].StatusCode);
        Assert.Equal("skipped", skip.GetProperty("decision").GetString());
        Assert.Equal("keyword-missing", skip.GetProperty("reason").GetString());

        var (sha, built) = await fake.PushAsync(repository, "feat: version 2 @deploy", ("index.html", "<h1>version 2</h1>"));
        var accepted = Assert.Single(built);
        Assert.True(accepted.StatusCode == 202, accepted.Body);
        var buildId = JsonDocument.Parse(accepted.Body).RootElement.GetProperty("buildId").GetInt64();
        var build = await fixture.Support.WaitForStatusAsync(buildId);
        var log = await fixture.Support.LogAsync(buildId);
        Assert.True(Status(build) == "Succeeded", log);
        Assert.Equal(sha, build.GetProperty("commitSha").GetString());
        Assert.Contains("Credentials: the GitHub OAuth binding", log, StringComparison.Ordinal);
        Assert.Contains(fake.GitRequests, r => r.Contains("git-upload-pack", StringComparison.Ordinal));
        var token = FakeGitProvider.IssuedAccessToken("github");
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);

        // The next build starts from the previous checkout's files and writes only what changed.
        var (_, again) = await fake.PushAsync(repository, "fix: version 3 @deploy", ("index.html", "<h1>version 3</h1>"));
        var nextBuild = JsonDocument.Parse(Assert.Single(again).Body).RootElement.GetProperty("buildId").GetInt64();
        Assert.Equal("Succeeded", Status(await fixture.Support.WaitForStatusAsync(nextBuild)));
        Assert.Contains("1 written over the previous checkout", await fixture.Support.LogAsync(nextBuild), StringComparison.Ordinal);

        // The delivery log tells both stories.
        var deliveries = await (await api.GetAsync($"/api/v1/components/{component.GetProperty("id").GetString()}/deliveries")).ReadJsonAsync();
        var decisions = deliveries.EnumerateArray().Select(d => d.GetProperty("decision").GetString()).ToList();
        Assert.Contains("skipped", decisions);
        Assert.Contains("triggered", decisions);
    }

    [Fact]
    public async Task A_GitLab_project_registers_a_token_hook_and_its_pushes_build_by_cloning_as_oauth2()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var console = fixture.Console;
        var (serviceId, user) = await OAuthDance.BoundDeveloperAsync(console, fake, "gitlab");
        var project = "diaspora/shop-" + Guid.NewGuid().ToString("N")[..6];
        using var api = console.CreateApiClient(user.Token);
        var component = await AutoBuildComponentAsync(fake, api, serviceId, project);
        var hook = Assert.Single(fake.Hooks, h => h.Repository == project);
        Assert.Equal("gitlab", hook.Provider);
        Assert.Equal(component.GetProperty("webhookSecret").GetString(), hook.Secret);
        Assert.Contains("push", hook.Events);

        var (sha, built) = await fake.PushAsync(project, "feat: gitlab build @deploy", ("index.html", "<h1>from GitLab</h1>"));
        var accepted = Assert.Single(built);
        Assert.True(accepted.StatusCode == 202, accepted.Body);
        var buildId = JsonDocument.Parse(accepted.Body).RootElement.GetProperty("buildId").GetInt64();
        var build = await fixture.Support.WaitForStatusAsync(buildId);
        var log = await fixture.Support.LogAsync(buildId);
        Assert.True(Status(build) == "Succeeded", log);
        Assert.Equal(sha, build.GetProperty("commitSha").GetString());
        Assert.Contains("Credentials: the GitLab OAuth binding", log, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeGitProvider.IssuedAccessToken("gitlab"), log, StringComparison.Ordinal);

        // Auto Build off removes the hook from the project.
        var off = await api.PatchAsJsonAsync($"/api/v1/components/{component.GetProperty("id").GetString()}/build-source", new { autoBuild = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Contains(fake.DeletedHooks, d => d == $"{project}#{hook.Id}");
        Assert.Empty(await fake.DeliverPushAsync(project, sha, sha, "main"));
    }

    /// <summary>A repository hosted at the fake with a static site on main, and a component picked from it with Auto Build on.</summary>
    private static async Task<JsonElement> AutoBuildComponentAsync(FakeGitProvider fake, HttpClient api, Guid serviceId, string repository)
    {
        fake.HostRepository(repository);
        await fake.PushAsync(repository, "initial", StaticSite);
        var created = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "c-" + Guid.NewGuid().ToString("N")[..8],
            application = "shop",
            gitUrl = fake.CloneUrl(repository),
            oauthServiceId = serviceId,
            repoFullName = repository,
            branch = "main",
            autoBuild = true,
        });
        var component = await created.ReadJsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, component.ToString());
        return component;
    }
}
