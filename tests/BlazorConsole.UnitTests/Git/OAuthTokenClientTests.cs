using System.Net;
using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.Git.Providers.OAuth;

using BlazorConsole.TestSupport;

namespace BlazorConsole.UnitTests.Git;

public class OAuthTokenClientTests
{
    [Theory]
    [InlineData("oauth/github.access_token.json")]
    [InlineData("oauth/github.device_flow.access_token.json")]
    [InlineData("oauth/gitlab.access_token.json")]
    [InlineData("oauth/gitlab.refresh_token.json")]
    [InlineData("oauth/gitee.access_token.observed.json")]
    [InlineData("oauth/github-app.refresh_token.json")]
    public void Recorded_json_token_responses_parse(string fixture)
    {
        var recorded = JsonDocument.Parse(ProviderFixtures.Bytes(fixture)).RootElement;

        var tokens = OAuthTokenClient.Parse("application/json", ProviderFixtures.Text(fixture));

        Assert.Equal(recorded.GetProperty("access_token").GetString(), tokens.AccessToken);
        Assert.Equal(recorded.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null, tokens.RefreshToken);
        // expires_in is a number (GitLab, Gitee) or a string (GitHub Apps); absent for classic GitHub OAuth apps.
        int? expected = recorded.TryGetProperty("expires_in", out var e)
            ? e.ValueKind == JsonValueKind.Number ? e.GetInt32() : int.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : null;
        Assert.Equal(expected, tokens.ExpiresInSeconds);
    }

    [Fact]
    public void GitHubs_form_encoded_answer_parses_and_its_comma_scopes_are_normalized()
    {
        var recorded = JsonDocument.Parse(ProviderFixtures.Bytes("oauth/github.access_token.form.json")).RootElement;

        var tokens = OAuthTokenClient.Parse(recorded.GetProperty("content_type").GetString(), recorded.GetProperty("body").GetString()!);

        Assert.Equal("gho_16C7e42F292c6912E7710c838347Ae178B4a", tokens.AccessToken);
        Assert.Equal("repo gist", tokens.Scope);
        Assert.Null(tokens.ExpiresInSeconds);
    }

    [Theory]
    [InlineData("""{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}""", "bad_verification_code")]
    [InlineData("""{"error":"invalid_grant","error_description":"The provided authorization grant is invalid, expired, revoked."}""", "invalid_grant")]
    [InlineData("error=incorrect_client_credentials&error_description=The+client_id+and%2For+client_secret+passed+are+incorrect.", "incorrect_client_credentials")]
    public void Error_answers_become_exceptions_that_say_why(string body, string error)
    {
        var e = Assert.Throws<OAuthTokenException>(() => OAuthTokenClient.Parse(null, body));

        Assert.Equal(error, e.Error);
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_code_exchange_posts_the_verifier_and_redirect_uri()
    {
        var handler = new FixtureHandler().On(HttpMethod.Post, "/oauth/token", "oauth/gitlab.access_token.json");
        var client = new OAuthTokenClient(new HttpClient(handler));

        var tokens = await client.ExchangeCodeAsync(new Uri("https://gitlab.example.test/oauth/token"), new OAuthClientCredentials("cid", "csecret"), "the-code", "https://console.example.test/console/oauth/redirect", "the-verifier");

        Assert.Equal(7200, tokens.ExpiresInSeconds);
        var form = Assert.Single(handler.Requests).Body!;
        Assert.Contains("grant_type=authorization_code", form, StringComparison.Ordinal);
        Assert.Contains("code=the-code", form, StringComparison.Ordinal);
        Assert.Contains("code_verifier=the-verifier", form, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=https%3A%2F%2Fconsole.example.test%2Fconsole%2Foauth%2Fredirect", form, StringComparison.Ordinal);
        Assert.Equal("application/json", handler.Requests[0].Request.Headers.Accept.Single().MediaType);
    }

    [Fact]
    public void The_authorize_url_carries_scopes_state_and_an_S256_challenge()
    {
        var verifier = Pkce.NewVerifier();

        var url = OAuthTokenClient.BuildAuthorizeUrl(new Uri("https://github.com/login/oauth/authorize"), GitProviderRegistry.Default.GetOAuth(GitProviderKind.GitHub), "cid", "https://c.test/console/oauth/redirect", "st", Pkce.Challenge(verifier));

        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("repo admin:repo_hook read:user user:email", query["scope"]);
        Assert.Equal("st", query["state"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(Pkce.Challenge(verifier), query["code_challenge"]);
        Assert.NotEqual(verifier, query["code_challenge"]);
        Assert.Equal(43, verifier.Length);
    }

    [Fact]
    public void The_RFC_7636_example_challenge_is_reproduced() =>
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));

    [Theory]
    [InlineData(GitProviderKind.GitHub, null, "https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token", "https://api.github.com/")]
    [InlineData(GitProviderKind.GitHub, "https://ghe.example.test/", "https://ghe.example.test/login/oauth/authorize", "https://ghe.example.test/login/oauth/access_token", "https://ghe.example.test/api/v3/")]
    [InlineData(GitProviderKind.GitLab, null, "https://gitlab.com/oauth/authorize", "https://gitlab.com/oauth/token", "https://gitlab.com/api/v4/")]
    [InlineData(GitProviderKind.Gitee, null, "https://gitee.com/oauth/authorize", "https://gitee.com/oauth/token", "https://gitee.com/api/v5/")]
    [InlineData(GitProviderKind.Gitea, "https://gitea.example.test", "https://gitea.example.test/login/oauth/authorize", "https://gitea.example.test/login/oauth/access_token", "https://gitea.example.test/api/v1/")]
    public void Endpoints_are_derived_from_type_and_service_address(GitProviderKind type, string? address, string authorize, string token, string api)
    {
        var endpoints = GitProviderRegistry.Default.GetOAuth(type).ResolveEndpoints(address);

        Assert.Equal(authorize, endpoints.AuthorizeUrl.AbsoluteUri);
        Assert.Equal(token, endpoints.TokenUrl.AbsoluteUri);
        Assert.Equal(api, endpoints.ApiBaseUrl.AbsoluteUri);
    }

    [Fact]
    public void Gitea_without_a_service_address_is_refused() =>
        Assert.Throws<ArgumentException>(() => GitProviderRegistry.Default.GetOAuth(GitProviderKind.Gitea).ResolveEndpoints(null));
}
