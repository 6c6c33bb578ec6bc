using System.Net;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.OAuth;

/// <summary>GitLab-style 2-hour tokens: refreshed before expiry and on 401; a refused refresh leaves an Expired binding.</summary>
public class TokenRefreshTests(OAuthConsoleFactory factory) : IClassFixture<OAuthConsoleFactory>
{
    private const string FirstAccessToken = "de6780bc506a0446309bd9362820ba8aed28aa506c71eedbe1c5c4f9dd350e54";
    private const string RefreshedAccessToken = "c97d1fe52119f38c7f67f0a14db68d60caa35ddc86fd12401718b649dcfa9c68";

    [Fact]
    public async Task A_token_about_to_expire_is_refreshed_before_the_call()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var (user, serviceId) = await BoundGitLabUserAsync(fake);
        var before = await BindingAsync(user.Id, serviceId);

        factory.Clock.Advance(TimeSpan.FromSeconds(7200 - 60));
        var response = await factory.CreateApiClient(user.Token).GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories?search=diaspora");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, fake.RefreshCount);
        Assert.Contains(fake.ApiCalls, call => call.StartsWith("GET /api/v4/projects", StringComparison.Ordinal) && call.EndsWith(RefreshedAccessToken, StringComparison.Ordinal));
        Assert.DoesNotContain(fake.ApiCalls, call => call.StartsWith("GET /api/v4/projects", StringComparison.Ordinal) && call.EndsWith(FirstAccessToken, StringComparison.Ordinal));
        var after = await BindingAsync(user.Id, serviceId);
        Assert.Equal(OAuthBindingStatus.Bound, after.Status);
        Assert.NotEqual(before.AccessTokenProtected, after.AccessTokenProtected);
        Assert.True(after.ExpiresAt > before.ExpiresAt);
    }

    [Fact]
    public async Task A_token_the_provider_refuses_is_refreshed_once_and_the_call_retried()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var (user, serviceId) = await BoundGitLabUserAsync(fake);
        fake.Revoke(FirstAccessToken);

        var response = await factory.CreateApiClient(user.Token).GetAsync($"/api/v1/me/oauth-services/{serviceId}/branches?repo=diaspora/diaspora");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("master", (await response.ReadJsonAsync())[0].GetProperty("name").GetString());
        Assert.Equal(1, fake.RefreshCount);
    }

    [Fact]
    public async Task A_refused_refresh_marks_the_binding_expired_and_keeps_it()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var (user, serviceId) = await BoundGitLabUserAsync(fake);
        fake.FailRefresh = true;
        fake.Revoke(FirstAccessToken);
        var api = factory.CreateApiClient(user.Token);

        var response = await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Re-authenticate", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var binding = await BindingAsync(user.Id, serviceId);
        Assert.Equal(OAuthBindingStatus.Expired, binding.Status);
        Assert.Contains("invalid_grant", binding.StatusReason, StringComparison.Ordinal);

        var listed = (await (await api.GetAsync("/api/v1/me/oauth-bindings")).ReadJsonAsync()).EnumerateArray()
            .Single(b => b.GetProperty("serviceId").GetString() == serviceId.ToString());
        Assert.Equal("expired", listed.GetProperty("status").GetString());
        Assert.Equal("john_smith", listed.GetProperty("login").GetString());

        // Later calls say "re-authenticate" without bothering the provider again.
        var refreshes = fake.RefreshCount;
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories")).StatusCode);
        Assert.Equal(refreshes, fake.RefreshCount);

        // Re-authenticating brings it back.
        fake.FailRefresh = false;
        var browser = factory.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(browser, user.Email, user.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await OAuthDance.BindAsync(browser, serviceId)).StatusCode);
        Assert.Equal(OAuthBindingStatus.Bound, (await BindingAsync(user.Id, serviceId)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories")).StatusCode);
    }

    [Fact]
    public async Task A_provider_outage_during_refresh_keeps_the_binding_and_the_next_call_succeeds()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var (user, serviceId) = await BoundGitLabUserAsync(fake);
        fake.RefreshUnavailable = true;
        fake.Revoke(FirstAccessToken);
        var api = factory.CreateApiClient(user.Token);

        var duringOutage = await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories");

        Assert.Equal(HttpStatusCode.BadRequest, duringOutage.StatusCode);
        Assert.Contains("could not be reached", (await duringOutage.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(OAuthBindingStatus.Bound, (await BindingAsync(user.Id, serviceId)).Status);

        fake.RefreshUnavailable = false;
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories")).StatusCode);
    }

    [Fact]
    public async Task A_token_that_expired_without_a_refresh_token_asks_to_re_authenticate()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);
        await OAuthDance.BindAsync(browser, serviceId);
        fake.Revoke("gho_16C7e42F292c6912E7710c838347Ae178B4a");

        var response = await factory.CreateApiClient(user.Token).GetAsync($"/api/v1/me/oauth-services/{serviceId}/repositories");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Re-authenticate", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(OAuthBindingStatus.Expired, (await BindingAsync(user.Id, serviceId)).Status);
    }

    private async Task<(TestUser User, Guid ServiceId)> BoundGitLabUserAsync(FakeGitProvider fake)
    {
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "gitlab");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await OAuthDance.BindAsync(browser, serviceId)).StatusCode);
        return (user, serviceId);
    }

    private Task<OAuthBinding> BindingAsync(string userId, Guid serviceId) =>
        factory.WithDbAsync(db => db.OAuthBindings.AsNoTracking().SingleAsync(b => b.UserId == userId && b.ServiceId == serviceId));
}
