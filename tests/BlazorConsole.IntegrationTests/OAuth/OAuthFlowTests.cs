using System.Net;
using System.Web;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.OAuth;

/// <summary>The whole OAuth dance against the fake provider, and every way a callback is refused.</summary>
public class OAuthFlowTests(OAuthConsoleFactory factory) : IClassFixture<OAuthConsoleFactory>
{
    [Theory]
    [InlineData("github", "octocat", "octocat@github.com")]
    [InlineData("gitlab", "john_smith", "john@example.com")]
    public async Task Binding_succeeds_with_PKCE_stores_the_account_and_returns_to_the_local_page(string type, string login, string email)
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, type);
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);

        var callback = await OAuthDance.AuthorizeAtProviderAsync(browser, serviceId, "/account/oauth-bindings?from=test");
        var done = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/account/oauth-bindings?from=test", done.RedirectTarget());

        // The provider was asked for the right scopes with an S256 challenge, and got the matching verifier back.
        var asked = Assert.Single(fake.AuthorizeRequests);
        Assert.Equal("S256", asked["code_challenge_method"]);
        Assert.Contains(type == "github" ? "admin:repo_hook" : "read_repository", asked["scope"].ToString(), StringComparison.Ordinal);
        Assert.Single(fake.AcceptedVerifiers);

        var bindings = await (await factory.CreateApiClient(user.Token).GetAsync("/api/v1/me/oauth-bindings")).ReadJsonAsync();
        var mine = bindings.EnumerateArray().Single(b => b.GetProperty("serviceId").GetString() == serviceId.ToString());
        Assert.Equal("bound", mine.GetProperty("status").GetString());
        Assert.Equal(login, mine.GetProperty("login").GetString());
        Assert.Equal(email, mine.GetProperty("email").GetString());

        // Nothing of the flow is left behind, so the same state cannot be used again.
        Assert.False(await factory.WithDbAsync(db => db.OAuthAuthorizations.AnyAsync(a => a.UserId == user.Id)));
        var page = await browser.GetStringAsync("/account/oauth-bindings");
        Assert.Contains($"bound as @{login}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bound_account_browses_repositories_branches_and_tags_through_the_api()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);
        await OAuthDance.BindAsync(browser, serviceId);
        var api = factory.CreateApiClient(user.Token);

        var first = await (await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories?page=1&perPage=20")).ReadJsonAsync();
        var last = await (await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories?page=3&perPage=20")).ReadJsonAsync();
        var found = await (await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories?search=hello")).ReadJsonAsync();
        var branches = await (await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/branches?repo=octocat/Hello-World")).ReadJsonAsync();
        var tags = await (await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/tags?repo=octocat/Hello-World")).ReadJsonAsync();

        Assert.Equal(20, first.GetProperty("items").GetArrayLength());
        Assert.Equal("octocat/Hello-World", first.GetProperty("items")[0].GetProperty("fullName").GetString());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(FakeGitProvider.RepositoryCount - 40, last.GetProperty("items").GetArrayLength());
        Assert.False(last.GetProperty("hasMore").GetBoolean());
        Assert.Equal("octocat/Hello-World", Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("fullName").GetString());
        Assert.Equal("master", branches[0].GetProperty("name").GetString());
        Assert.Equal("v1.0.0", tags[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_tampered_state_is_refused_and_binds_nothing()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);
        var callback = await OAuthDance.AuthorizeAtProviderAsync(browser, serviceId);

        var response = await browser.GetAsync(OAuthDance.TamperState(callback));

        await AssertRefusedAsync(response, "InvalidState", "altered");
        Assert.False(await IsBoundAsync(user.Id, serviceId));
    }

    [Fact]
    public async Task An_expired_state_is_refused()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);
        var callback = await OAuthDance.AuthorizeAtProviderAsync(browser, serviceId);

        factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var response = await browser.GetAsync(callback);

        await AssertRefusedAsync(response, "ExpiredState", "expired");
        Assert.False(await IsBoundAsync(user.Id, serviceId));
    }

    [Fact]
    public async Task A_replayed_state_is_refused_even_after_a_successful_binding()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (_, browser) = await OAuthDance.SignedInUserAsync(factory);
        var callback = await OAuthDance.AuthorizeAtProviderAsync(browser, serviceId);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(callback)).StatusCode);

        var replay = await browser.GetAsync(callback);

        await AssertRefusedAsync(replay, "ReplayedState", "already used");
    }

    [Fact]
    public async Task A_state_minted_for_another_account_is_refused_and_still_works_for_its_owner()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "gitlab");
        var (owner, ownerBrowser) = await OAuthDance.SignedInUserAsync(factory, "owner");
        var (intruder, intruderBrowser) = await OAuthDance.SignedInUserAsync(factory, "intruder");
        var callback = await OAuthDance.AuthorizeAtProviderAsync(ownerBrowser, serviceId);

        var stolen = await intruderBrowser.GetAsync(callback);

        await AssertRefusedAsync(stolen, "WrongUser", "another console account");
        Assert.False(await IsBoundAsync(intruder.Id, serviceId));
        Assert.Equal(HttpStatusCode.Redirect, (await ownerBrowser.GetAsync(callback)).StatusCode);
        Assert.True(await IsBoundAsync(owner.Id, serviceId));
    }

    [Fact]
    public async Task Declining_on_the_provider_shows_why_and_binds_nothing()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        fake.Deny = true;
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);

        var response = await browser.GetAsync(await OAuthDance.AuthorizeAtProviderAsync(browser, serviceId));

        await AssertRefusedAsync(response, "ProviderDenied", "declined");
        Assert.False(await IsBoundAsync(user.Id, serviceId));
    }

    [Fact]
    public async Task The_callback_needs_a_signed_in_account_and_the_flow_only_returns_to_local_pages()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (_, browser) = await OAuthDance.SignedInUserAsync(factory);
        var callback = await OAuthDance.AuthorizeAtProviderAsync(browser, serviceId, "https://evil.example/phish");

        var anonymous = await factory.CreateNoRedirectClient().GetAsync(callback);
        var done = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.RedirectTarget(), StringComparison.Ordinal);
        Assert.Equal("/", done.RedirectTarget());
    }

    [Fact]
    public async Task Nobody_can_start_authentication_on_a_disabled_or_someone_elses_personal_service()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var (owner, _) = await OAuthDance.SignedInUserAsync(factory, "owner");
        var (_, otherBrowser) = await OAuthDance.SignedInUserAsync(factory, "other");
        var personal = await factory.CreateApiClient(owner.Token).PostAsync("/api/v1/me/oauth-services", System.Net.Http.Json.JsonContent.Create(new
        {
            type = "gitea", name = "my gitea", serviceAddress = fake.BaseUrl.ToString(), clientId = "x", clientSecret = "y", enabled = true,
        }));
        var personalId = (await personal.ReadJsonAsync()).GetProperty("id").GetString();

        var response = await otherBrowser.GetAsync($"/console/oauth/authorize/{personalId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no enabled OAuth service", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason, string messagePart)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {html}");
        Assert.Contains($"data-reason=\"{reason}\"", html, StringComparison.Ordinal);
        Assert.Contains(messagePart, HttpUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Authentication failed", html, StringComparison.Ordinal);
    }

    private Task<bool> IsBoundAsync(string userId, Guid serviceId) =>
        factory.WithDbAsync(db => db.OAuthBindings.AnyAsync(b => b.UserId == userId && b.ServiceId == serviceId && b.Status == OAuthBindingStatus.Bound));
}
