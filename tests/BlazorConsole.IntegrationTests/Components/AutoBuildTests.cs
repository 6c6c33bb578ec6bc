using System.Net;
using System.Net.Http.Json;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.IntegrationTests.OAuth;
using BlazorConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.Components;

/// <summary>Auto Build registers the component's webhook in the repository through the user's bound account, and removes it.</summary>
public class AutoBuildTests(KestrelConsoleFactory factory) : IClassFixture<KestrelConsoleFactory>, IAsyncLifetime
{
    private FakeGitProvider fake = null!;

    public async Task InitializeAsync() => fake = await FakeGitProvider.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Auto_build_on_registers_a_signed_push_hook_with_the_console_url_and_off_removes_it()
    {
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await OAuthDance.BindAsync(browser, serviceId)).StatusCode);
        using var api = factory.CreateSocketClient(user.Token);

        var created = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "auto-" + Guid.NewGuid().ToString("N")[..6],
            application = "auto",
            gitUrl = "https://github.com/octocat/Hello-World.git",
            oauthServiceId = serviceId,
            repoFullName = "octocat/Hello-World",
            branch = "main",
            autoBuild = true,
        });
        var body = await created.ReadJsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.False(body.TryGetProperty("autoBuildProblem", out _), body.ToString());
        Assert.True(body.GetProperty("autoBuild").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("providerHookId").GetString()));

        var hook = Assert.Single(fake.Hooks);
        Assert.Equal("octocat/Hello-World", hook.Repository);
        Assert.Equal(body.GetProperty("webhookUrl").GetString(), hook.Url);
        Assert.Equal(body.GetProperty("webhookSecret").GetString(), hook.Secret);
        Assert.Equal("json", hook.ContentType);
        Assert.Contains("push", hook.Events);

        var id = body.GetProperty("id").GetString();
        var off = await (await api.PatchAsJsonAsync($"/api/v1/components/{id}/build-source", new { autoBuild = false })).ReadJsonAsync();
        Assert.False(off.GetProperty("autoBuild").GetBoolean());
        Assert.Equal(JsonValueKindNull, off.GetProperty("providerHookId").ValueKind);
        Assert.Single(fake.DeletedHooks, d => d.StartsWith("octocat/Hello-World#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_bound_account_the_component_is_created_and_auto_build_says_how_to_fix_it()
    {
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, _) = await OAuthDance.SignedInUserAsync(factory, "unbound");
        using var api = factory.CreateSocketClient(user.Token);

        var created = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "unbound-" + Guid.NewGuid().ToString("N")[..6],
            application = "auto",
            gitUrl = "https://github.com/octocat/Hello-World.git",
            oauthServiceId = serviceId,
            repoFullName = "octocat/Hello-World",
            branch = "main",
            autoBuild = true,
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.False(body.GetProperty("autoBuild").GetBoolean());
        Assert.Contains("Go to Authentication", body.GetProperty("autoBuildProblem").GetString(), StringComparison.Ordinal);
        Assert.Contains("webhookSecret", body.ToString(), StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.Components.AnyAsync(c => c.Id == Guid.Parse(body.GetProperty("id").GetString()!))));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
