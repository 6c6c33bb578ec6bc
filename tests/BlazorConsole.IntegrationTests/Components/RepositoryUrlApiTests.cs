using System.Net;
using System.Net.Http.Json;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.IntegrationTests.OAuth;

namespace BlazorConsole.IntegrationTests.Components;

/// <summary>The API refuses repository addresses the checkout would refuse, with a 400 ProblemDetails saying why.</summary>
public class RepositoryUrlApiTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task A_file_url_into_the_consoles_own_mirrors_is_400_with_the_reason()
    {
        var response = await CreateAsync(factory, "file://" + Path.Combine(factory.DataDir, "mirrors", "x"));

        await AssertRefusedAsync(response, "file:// URLs are refused");
    }

    [Theory]
    [InlineData("/srv/git/app.git", "is a local path")]
    [InlineData("./app.git", "is a local path")]
    [InlineData("C:\\repos\\app.git", "is a local path")]
    [InlineData("app", "is a local path")]
    [InlineData("git://git.example.test/app.git", "neither authenticated nor encrypted")]
    [InlineData("ftp://git.example.test/app.git", "ftp:// is not supported")]
    [InlineData("https://169.254.169.254/latest/app.git", "a link-local address")]
    public async Task Local_paths_other_schemes_and_forbidden_addresses_are_400(string gitUrl, string reason)
    {
        await AssertRefusedAsync(await CreateAsync(factory, gitUrl), reason);
    }

    internal static async Task<HttpResponseMessage> CreateAsync(ConsoleFactory console, string gitUrl)
    {
        using var api = console.CreateApiClient(ConsoleFactory.AdminToken);
        return await api.PostAsJsonAsync("/api/v1/teams/default/components",
            new { name = "u" + Guid.NewGuid().ToString("N")[..8], application = "urls", gitUrl, branch = "main" });
    }

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>Where loopback is refused (the default), a literal loopback repository address is refused as it is entered.</summary>
public class RepositoryUrlOutboundApiTests(LoopbackRefusingConsoleFactory strict) : IClassFixture<LoopbackRefusingConsoleFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1:5432/app.git")]
    [InlineData("ssh://git@[::1]/srv/app.git")]
    [InlineData("git@localhost:owner/app.git")]
    public async Task A_loopback_repository_is_400_unless_loopback_is_allowed(string gitUrl)
    {
        await RepositoryUrlApiTests.AssertRefusedAsync(await RepositoryUrlApiTests.CreateAsync(strict, gitUrl),
            "a loopback address");
    }
}
