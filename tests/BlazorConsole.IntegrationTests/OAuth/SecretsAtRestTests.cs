using System.Net.Http.Json;
using System.Text;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;

namespace BlazorConsole.IntegrationTests.OAuth;

/// <summary>Client secrets and provider tokens are encrypted in the database file and never come back through the API.</summary>
public class SecretsAtRestTests(OAuthConsoleFactory factory) : IClassFixture<OAuthConsoleFactory>
{
    [Fact]
    public async Task No_client_secret_or_token_is_in_the_database_file_or_an_api_answer()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var gitlab = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "gitlab");
        var github = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);
        await OAuthDance.BindAsync(browser, gitlab);
        await OAuthDance.BindAsync(browser, github);
        var api = factory.CreateApiClient(user.Token);
        var personal = await api.PostAsJsonAsync("/api/v1/me/oauth-services", new { type = "gitea", name = "mine", serviceAddress = "https://gitea.example.test", clientId = "c", clientSecret = "personal-secret-0123456789", enabled = true });
        personal.EnsureSuccessStatusCode();
        // A refresh writes new tokens: they must be encrypted too.
        fake.Revoke(Token("oauth/gitlab.access_token.json", "access_token"));
        (await api.GetAsync($"/api/v1/me/oauth-services/{gitlab}/repositories")).EnsureSuccessStatusCode();

        string[] secrets =
        [
            FakeGitProvider.ClientSecret,
            "personal-secret-0123456789",
            Token("oauth/github.access_token.json", "access_token"),
            Token("oauth/gitlab.access_token.json", "access_token"),
            Token("oauth/gitlab.access_token.json", "refresh_token"),
            Token("oauth/gitlab.refresh_token.json", "access_token"),
            Token("oauth/gitlab.refresh_token.json", "refresh_token"),
        ];

        var stored = await factory.StoredDatabaseAsync();
        Assert.NotEmpty(stored);
        var bytes = stored.SelectMany(s => s.Bytes).ToArray();
        // The check can fail: the provider login is stored in plaintext and is found.
        Assert.True(Contains(bytes, "john_smith"), "The binding was not written to the database files at all.");
        foreach (var secret in secrets)
        {
            Assert.False(Contains(bytes, secret), $"'{secret[..8]}…' is stored in plaintext.");
        }

        var answers = new StringBuilder();
        answers.Append(await api.GetStringAsync("/api/v1/me/oauth-bindings"));
        answers.Append(await api.GetStringAsync("/api/v1/me/oauth-services"));
        answers.Append(await factory.CreateApiClient(ConsoleFactory.AdminToken).GetStringAsync("/api/v1/platform/oauth-services"));
        answers.Append(await factory.CreateApiClient(ConsoleFactory.AdminToken).GetStringAsync("/api/v1/platform/audit?take=1000"));
        answers.Append(await browser.GetStringAsync("/account/oauth-bindings"));
        Assert.Contains("john_smith", answers.ToString(), StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, answers.ToString(), StringComparison.Ordinal);
        }
    }

    private static string Token(string fixture, string property) =>
        System.Text.Json.JsonDocument.Parse(FakeGitProvider.Fixture(fixture)).RootElement.GetProperty(property).GetString()!;

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
