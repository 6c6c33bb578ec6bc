using System.Net;
using System.Net.WebSockets;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorConsole.IntegrationTests.Auth;

/// <summary>
/// What a browser is told and allowed: the console's security headers (and not on deployed apps), the log hub only for
/// pages of the console's own origin, and cookies that stay HttpOnly, SameSite and Secure over https.
/// </summary>
public class BrowserHardeningTests(KestrelConsoleFactory factory) : IClassFixture<KestrelConsoleFactory>
{
    private const string HubPath = "/hubs/build-logs";

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/")]
    [InlineData("/no/such/page")]
    [InlineData("/healthz")]
    public async Task Console_responses_carry_the_security_headers(string path)
    {
        using var client = factory.CreateSocketClient();
        var response = await client.GetAsync(path);

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Matches("script-src 'self' 'nonce-[0-9a-f]{32}';", policy);
        Assert.Contains("style-src 'self' 'unsafe-inline'", policy, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data:", policy, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' ws://{factory.BaseAddress.Authority}", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task The_import_map_carries_the_nonce_of_its_own_response()
    {
        using var client = factory.CreateSocketClient();
        var response = await client.GetAsync("/account/login");
        var html = await response.Content.ReadAsStringAsync();

        var nonce = System.Text.RegularExpressions.Regex.Match(response.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        // Fresh per response: a nonce seen once is worth nothing to an injected script later.
        var again = await client.GetAsync("/account/login");
        Assert.DoesNotContain($"'nonce-{nonce}'", again.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deployed_app_hosts_do_not_get_the_consoles_policy()
    {
        using var client = factory.CreateSocketClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = $"nothing-deployed.apps.localhost:{factory.BaseAddress.Port}";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No release of a component answers", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Content-Security-Policy"), "The teams' apps set their own policy.");
        Assert.False(response.Headers.Contains("X-Content-Type-Options"));
    }

    [Fact]
    public async Task A_websocket_to_the_log_hub_from_a_foreign_origin_is_refused()
    {
        using var socket = HubSocket(origin: "http://evil.example");

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(HubUri(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        Assert.NotNull(refused);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_websocket_to_the_log_hub_from_the_consoles_own_origin_or_without_origin_is_accepted(bool sameOrigin)
    {
        using var socket = HubSocket(origin: sameOrigin ? factory.BaseAddress.GetLeftPart(UriPartial.Authority) : null);

        await socket.ConnectAsync(HubUri(), CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task Negotiating_the_other_transports_checks_the_origin_too(string? origin, HttpStatusCode expected)
    {
        using var client = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{HubPath}/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("https://console.example.com", true)]
    [InlineData("https://console.example.com:8443", false)]
    [InlineData("http://console.example.com", false)]
    [InlineData("https://evil.example", false)]
    public void Behind_a_proxy_the_public_url_is_the_consoles_origin_too(string origin, bool allowed)
    {
        var services = new ServiceCollection()
            .AddSingleton(Options.Create(new ConsoleOptions { PublicUrl = "https://console.example.com/" }))
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("10.0.0.5:8080");
        context.Request.Headers.Origin = origin;

        Assert.Equal(allowed, SameOriginBrowsers.IsAllowed(context));
    }

    [Fact]
    public async Task Over_plain_http_the_cookies_are_not_marked_secure()
    {
        using var client = factory.CreateSocketClient();
        var page = await client.GetAsync("/account/login");

        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    private Uri HubUri() => new UriBuilder(factory.BaseAddress) { Scheme = "ws", Path = HubPath }.Uri;

    /// <summary>A WebSocket as a page would open it (with its Origin), authenticated as the admin so only the origin decides.</summary>
    private static ClientWebSocket HubSocket(string? origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + ConsoleFactory.AdminToken);
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        return socket;
    }
}

/// <summary>The cookies over https, on the in-memory server (it serves any scheme the client's base address names).</summary>
public class SecureCookieTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Over_https_the_sign_in_and_antiforgery_cookies_are_secure_http_only_and_same_site()
    {
        // The in-memory server takes the scheme of the client's base address: this is the console reached over https.
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/account/login");
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        AssertCookie(antiforgery, "strict");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = ConsoleFactory.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
                ["Input.Email"] = ConsoleFactory.AdminEmail,
                ["Input.Password"] = ConsoleFactory.AdminPassword,
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        AssertCookie(Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("BlazorConsole.Auth=", StringComparison.Ordinal)), "lax");
    }

    private static void AssertCookie(string setCookie, string sameSite)
    {
        var attributes = setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains($"samesite={sameSite}", attributes);
    }
}
