using System.Net;
using BlazorConsole.Git.Providers;
using BlazorConsole.Git.Providers.GitHub;
using BlazorConsole.Git.Providers.Gitea;
using BlazorConsole.Git.Providers.GitLab;

using BlazorConsole.TestSupport;

namespace BlazorConsole.UnitTests.Git;

/// <summary>Provider failures come back as sentences a person can act on.</summary>
public class ProviderErrorTests
{
    [Fact]
    public async Task A_refused_GitLab_token_asks_to_re_authenticate()
    {
        var handler = new FixtureHandler().OnText(HttpMethod.Get, "/api/v4/user", """{"error":"invalid_token","error_description":"Token is expired."}""", HttpStatusCode.Unauthorized);

        var e = await Assert.ThrowsAsync<GitProviderException>(() => new GitLabProviderClient(new HttpClient(handler), new Uri("https://gitlab.example.test/api/v4/"), "t").GetCurrentUserAsync());

        Assert.Equal(GitProviderErrorKind.Unauthorized, e.Kind);
        Assert.Contains("Re-authenticate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_GitLab_scope_is_named()
    {
        var handler = new FixtureHandler().OnText(HttpMethod.Post, "/api/v4/projects/group%2Fapp/hooks",
            """{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"api"}""",
            HttpStatusCode.Forbidden);

        var e = await Assert.ThrowsAsync<GitProviderException>(() =>
            new GitLabProviderClient(new HttpClient(handler), new Uri("https://gitlab.example.test/api/v4/"), "t").CreateWebhookAsync("group/app", new WebhookRequest("https://c/x", "s")));

        Assert.Equal(GitProviderErrorKind.InsufficientScope, e.Kind);
        Assert.Equal("api", e.MissingScope);
        Assert.Contains("'api'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GitHub_rate_limit_says_when_it_resets()
    {
        var reset = DateTimeOffset.UtcNow.AddMinutes(17);
        var handler = new FixtureHandler().OnText(HttpMethod.Get, "/user", """{"message":"API rate limit exceeded for user ID 1."}""", HttpStatusCode.Forbidden,
            ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var e = await Assert.ThrowsAsync<GitProviderException>(() => new GitHubProviderClient(() => handler, new Uri("https://api.github.com/"), "t").GetCurrentUserAsync());

        Assert.Equal(GitProviderErrorKind.RateLimited, e.Kind);
        Assert.Equal(reset.ToUnixTimeSeconds(), e.RateLimitResetsAt!.Value.ToUnixTimeSeconds());
        Assert.Contains(reset.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GitHub_token_without_the_hook_scope_names_the_scope_it_needs()
    {
        var handler = new FixtureHandler().OnText(HttpMethod.Post, "/repos/octocat/hello/hooks", """{"message":"Not Found"}""", HttpStatusCode.NotFound,
            ("X-OAuth-Scopes", "read:user, user:email"), ("X-Accepted-OAuth-Scopes", "admin:repo_hook, public_repo, repo, write:repo_hook"));

        var e = await Assert.ThrowsAsync<GitProviderException>(() =>
            new GitHubProviderClient(() => handler, new Uri("https://api.github.com/"), "t").CreateWebhookAsync("octocat/hello", new WebhookRequest("https://c/x", "s")));

        Assert.Equal(GitProviderErrorKind.InsufficientScope, e.Kind);
        Assert.Equal("admin:repo_hook", e.MissingScope);
    }

    [Fact]
    public async Task A_revoked_GitHub_token_asks_to_re_authenticate()
    {
        var handler = new FixtureHandler().OnText(HttpMethod.Get, "/user", """{"message":"Bad credentials"}""", HttpStatusCode.Unauthorized);

        var e = await Assert.ThrowsAsync<GitProviderException>(() => new GitHubProviderClient(() => handler, new Uri("https://api.github.com/"), "t").GetCurrentUserAsync());

        Assert.Equal(GitProviderErrorKind.Unauthorized, e.Kind);
    }

    [Fact]
    public async Task A_Gitea_429_with_retry_after_is_a_rate_limit()
    {
        var handler = new FixtureHandler().OnText(HttpMethod.Get, "/api/v1/user", "{}", HttpStatusCode.TooManyRequests, ("Retry-After", "120"));

        var e = await Assert.ThrowsAsync<GitProviderException>(() => new GiteaProviderClient(new HttpClient(handler), new Uri("https://gitea.example.test/api/v1/"), "t").GetCurrentUserAsync());

        Assert.Equal(GitProviderErrorKind.RateLimited, e.Kind);
        Assert.InRange(e.RateLimitResetsAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public async Task An_unreachable_provider_says_so()
    {
        var client = new GitLabProviderClient(new HttpClient(), new Uri("http://127.0.0.1:1/api/v4/"), "t");

        var e = await Assert.ThrowsAsync<GitProviderException>(() => client.GetCurrentUserAsync());

        Assert.Equal(GitProviderErrorKind.Unavailable, e.Kind);
        Assert.Contains("cannot be reached", e.Message, StringComparison.Ordinal);
    }
}
