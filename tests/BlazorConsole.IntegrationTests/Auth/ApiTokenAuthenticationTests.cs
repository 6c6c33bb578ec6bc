using System.Net;
using System.Net.Http.Json;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.Auth;

public class ApiTokenAuthenticationTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Without_a_token_the_api_answers_401_with_a_bearer_challenge()
    {
        var response = await factory.CreateApiClient(null).GetAsync("/api/v1/teams");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("bct_this-token-was-never-issued-0000000000")]
    [InlineData("not-even-a-token")]
    public async Task Unknown_tokens_are_refused(string token)
    {
        var response = await factory.CreateApiClient(token).GetAsync("/api/v1/teams");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_browser_session_cookie_does_not_authenticate_the_api()
    {
        var browser = factory.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(browser, ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/teams/default")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/teams")).StatusCode);
    }

    [Fact]
    public async Task A_token_created_through_the_api_works_until_it_is_revoked()
    {
        var admin = factory.CreateApiClient(ConsoleFactory.AdminToken);
        var created = await admin.PostAsJsonAsync("/api/v1/me/tokens", new { name = "deploy-script", expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("id").GetString();

        var withNewToken = factory.CreateApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await withNewToken.GetAsync("/api/v1/me")).StatusCode);

        // The list shows the token without its value.
        var list = await (await admin.GetAsync("/api/v1/me/tokens")).Content.ReadAsStringAsync();
        Assert.Contains("deploy-script", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/me/tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withNewToken.GetAsync("/api/v1/me")).StatusCode);

        var actions = await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.Target!.StartsWith("deploy-script")).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.TokenCreated, actions);
        Assert.Contains(AuditActions.TokenRevoked, actions);
    }

    [Fact]
    public async Task Nobody_can_revoke_someone_elses_token()
    {
        var owner = await factory.CreateUserAsync("owner@example.test", TeamRole.Developer);
        var other = await factory.CreateUserAsync("other@example.test", TeamRole.Developer);
        var ownerTokens = await (await factory.CreateApiClient(owner.Token).GetAsync("/api/v1/me/tokens")).ReadJsonAsync();
        var ownerTokenId = ownerTokens.EnumerateArray().Single().GetProperty("id").GetString();

        var attempt = await factory.CreateApiClient(other.Token).DeleteAsync($"/api/v1/me/tokens/{ownerTokenId}");

        Assert.Equal(HttpStatusCode.NotFound, attempt.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient(owner.Token).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Token_creation_rejects_bad_input_with_a_reason()
    {
        var response = await factory.CreateApiClient(ConsoleFactory.AdminToken).PostAsJsonAsync("/api/v1/me/tokens", new { name = "", expiresInDays = 10 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
