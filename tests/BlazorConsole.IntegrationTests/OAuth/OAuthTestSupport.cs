using System.Net;
using System.Net.Http.Json;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorConsole.IntegrationTests.OAuth;

/// <summary>The console with a clock the tests move (state expiry, token expiry).</summary>
public sealed class OAuthConsoleFactory : ConsoleFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Drives "Go to Authentication" the way a browser does: console → provider → console, one redirect at a time.</summary>
public static class OAuthDance
{
    public static async Task<Guid> CreatePlatformServiceAsync(ConsoleFactory factory, FakeGitProvider fake, string type, string? name = null)
    {
        var admin = factory.CreateApiClient(ConsoleFactory.AdminToken);
        var response = await admin.PostAsJsonAsync("/api/v1/platform/oauth-services", new
        {
            type,
            name = name ?? $"{type}-{Guid.NewGuid():N}"[..20],
            serviceAddress = fake.BaseUrl.ToString(),
            clientId = FakeGitProvider.ClientId,
            clientSecret = FakeGitProvider.ClientSecret,
            enabled = true,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return Guid.Parse((await response.ReadJsonAsync()).GetProperty("id").GetString()!);
    }

    /// <summary>A platform service at the fake provider and a developer of the default team who has bound their account through it.</summary>
    public static async Task<(Guid ServiceId, TestUser User)> BoundDeveloperAsync(ConsoleFactory factory, FakeGitProvider fake, string flavour = "github")
    {
        var serviceId = await CreatePlatformServiceAsync(factory, fake, flavour);
        var (user, browser) = await SignedInUserAsync(factory);
        using (browser)
        {
            var bound = await BindAsync(browser, serviceId);
            Assert.True(bound.StatusCode == HttpStatusCode.Redirect, $"binding answered {(int)bound.StatusCode}");
        }

        return (serviceId, user);
    }

    public static async Task<(TestUser User, HttpClient Browser)> SignedInUserAsync(ConsoleFactory factory, string prefix = "dev")
    {
        var user = await factory.CreateUserAsync($"{prefix}-{Guid.NewGuid():N}@example.test", TeamRole.Developer);
        var browser = factory.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(browser, user.Email, user.Password);
        return (user, browser);
    }

    /// <summary>Starts at the console and returns the provider's redirect back to the console (path and query), not yet followed.</summary>
    public static async Task<string> AuthorizeAtProviderAsync(HttpClient browser, Guid serviceId, string returnUrl = "/account/oauth-bindings")
    {
        var start = await browser.GetAsync($"/console/oauth/authorize/{serviceId}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.True(start.StatusCode == HttpStatusCode.Redirect, $"authorize answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}");
        var providerUrl = start.Headers.Location!;
        Assert.True(providerUrl.IsAbsoluteUri, providerUrl.ToString());

        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var approved = await provider.GetAsync(providerUrl);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var back = approved.Headers.Location!;
        Assert.Equal("/console/oauth/redirect", back.AbsolutePath);
        return back.PathAndQuery;
    }

    public static async Task<HttpResponseMessage> BindAsync(HttpClient browser, Guid serviceId, string returnUrl = "/account/oauth-bindings") =>
        await browser.GetAsync(await AuthorizeAtProviderAsync(browser, serviceId, returnUrl));

    /// <summary>Replaces one character in the middle of the <c>state</c> parameter.</summary>
    public static string TamperState(string callback)
    {
        var start = callback.IndexOf("state=", StringComparison.Ordinal) + "state=".Length;
        var index = start + ((callback.Length - start) / 2);
        var replacement = callback[index] == 'A' ? 'B' : 'A';
        return callback[..index] + replacement + callback[(index + 1)..];
    }
}
