using System.Net;
using System.Net.Http.Json;
using System.Web;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace BlazorConsole.IntegrationTests.OAuth;

/// <summary>The console as deployed: loopback refused (<c>Outbound:AllowLoopback=false</c>), the fake provider on 127.0.0.1 out of reach.</summary>
public sealed class LoopbackRefusingConsoleFactory : ConsoleFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Outbound:AllowLoopback", "false");
    }
}

/// <summary>
/// A personal OAuth service can point anywhere its owner types. The token exchange with a loopback address is refused at
/// connect time, and what the far side said (or why it could not be reached) is shown to platform admins only.
/// </summary>
public class OutboundOAuthTests(LoopbackRefusingConsoleFactory strict) : IClassFixture<LoopbackRefusingConsoleFactory>
{
    private const string Generic = "the provider could not be reached; a platform admin can find the detail in the console's log";

    [Fact]
    public async Task A_token_exchange_with_a_loopback_service_is_refused_and_a_non_admin_sees_only_the_generic_message()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var (owner, browser) = await OAuthDance.SignedInUserAsync(strict, "owner");
        using (browser)
        {
            var serviceId = await CreatePersonalServiceAsync(strict, owner.Token, fake.BaseUrl.ToString(), FakeGitProvider.ClientSecret);

            var response = await OAuthDance.BindAsync(browser, serviceId);

            var text = await FailureTextAsync(response);
            Assert.Contains(Generic, text, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("loopback", text, StringComparison.Ordinal);
            Assert.Empty(fake.AcceptedVerifiers); // no code was redeemed at the provider
        }
    }

    [Fact]
    public async Task A_platform_admin_sees_why_the_token_exchange_was_refused()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        using var admin = strict.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(admin, ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        var serviceId = await CreatePersonalServiceAsync(strict, ConsoleFactory.AdminToken, fake.BaseUrl.ToString(), FakeGitProvider.ClientSecret);

        var response = await OAuthDance.BindAsync(admin, serviceId);

        var text = await FailureTextAsync(response);
        Assert.Contains("resolves to 127.0.0.1, a loopback address: the console does not connect there (set Outbound:AllowLoopback=true to allow it)", text, StringComparison.Ordinal);
        Assert.Empty(fake.AcceptedVerifiers); // no code was redeemed at the provider
    }

    private static async Task<Guid> CreatePersonalServiceAsync(ConsoleFactory factory, string token, string serviceAddress, string clientSecret)
    {
        using var api = factory.CreateApiClient(token);
        var created = await api.PostAsJsonAsync("/api/v1/me/oauth-services", new
        {
            type = "gitlab", name = "internal " + Guid.NewGuid().ToString("N")[..6], serviceAddress, clientId = FakeGitProvider.ClientId, clientSecret, enabled = true,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return Guid.Parse((await created.ReadJsonAsync()).GetProperty("id").GetString()!);
    }

    internal static async Task<string> FailureTextAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {html}");
        Assert.Contains("data-reason=\"TokenExchangeFailed\"", html, StringComparison.Ordinal);
        return HttpUtility.HtmlDecode(html);
    }
}

/// <summary>With loopback allowed (the fake provider answers), an internal service's own reply is still not echoed to non-admins.</summary>
public class OAuthReplyDisclosureTests(OAuthConsoleFactory factory) : IClassFixture<OAuthConsoleFactory>
{
    [Fact]
    public async Task The_token_endpoints_error_description_is_shown_to_platform_admins_only()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var (owner, browser) = await OAuthDance.SignedInUserAsync(factory, "owner");
        using var admin = factory.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(admin, ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        using (browser)
        {
            var ownService = await Personal(owner.Token, fake);
            var adminService = await Personal(ConsoleFactory.AdminToken, fake);

            var userText = await OutboundOAuthTests.FailureTextAsync(await OAuthDance.BindAsync(browser, ownService));
            var adminText = await OutboundOAuthTests.FailureTextAsync(await OAuthDance.BindAsync(admin, adminService));

            Assert.DoesNotContain("Client authentication failed", userText, StringComparison.Ordinal);
            Assert.DoesNotContain("invalid_client", userText, StringComparison.Ordinal);
            Assert.Contains("a platform admin can find the detail in the console's log", userText, StringComparison.Ordinal);
            Assert.Contains("invalid_client", adminText, StringComparison.Ordinal);
            Assert.Contains("Client authentication failed", adminText, StringComparison.Ordinal);
        }
    }

    private async Task<Guid> Personal(string token, FakeGitProvider fake)
    {
        using var api = factory.CreateApiClient(token);
        var created = await api.PostAsJsonAsync("/api/v1/me/oauth-services", new
        {
            type = "gitlab", name = "wrong secret " + Guid.NewGuid().ToString("N")[..6], serviceAddress = fake.BaseUrl.ToString(),
            clientId = FakeGitProvider.ClientId, clientSecret = "not-the-client-secret", enabled = true,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return Guid.Parse((await created.ReadJsonAsync()).GetProperty("id").GetString()!);
    }
}
