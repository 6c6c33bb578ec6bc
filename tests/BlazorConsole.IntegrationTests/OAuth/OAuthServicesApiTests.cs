using System.Net;
using System.Net.Http.Json;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using BlazorConsole.Application.GitProviders;

namespace BlazorConsole.IntegrationTests.OAuth;

public class OAuthServicesApiTests(OAuthConsoleFactory factory) : IClassFixture<OAuthConsoleFactory>
{
    [Fact]
    public async Task A_platform_service_is_created_listed_updated_and_deleted_without_ever_returning_the_secret()
    {
        var admin = factory.CreateApiClient(ConsoleFactory.AdminToken);

        var created = await admin.PostAsJsonAsync("/api/v1/platform/oauth-services", new
        {
            type = "gitlab", name = "Company GitLab", serviceAddress = "https://gitlab.example.test", clientId = "abc", clientSecret = "very-secret-value-1", enabled = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        var service = await created.ReadJsonAsync();
        var id = service.GetProperty("id").GetString();
        Assert.Equal("gitlab", service.GetProperty("type").GetString());
        Assert.Equal("platform", service.GetProperty("scope").GetString());
        Assert.True(service.GetProperty("hasClientSecret").GetBoolean());
        Assert.Equal("http://localhost/console/oauth/redirect", service.GetProperty("effectiveCallbackAddress").GetString());
        Assert.DoesNotContain("very-secret-value-1", body, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/platform/oauth-services/{id}", created.Headers.Location!.OriginalString);

        var updated = await admin.PutAsJsonAsync($"/api/v1/platform/oauth-services/{id}", new
        {
            type = "gitlab", name = "Company GitLab (prod)", serviceAddress = "https://gitlab.example.test", clientId = "abc", clientSecret = "", callbackAddress = "https://console.example.test/console/oauth/redirect", enabled = false,
        });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var afterUpdate = await updated.ReadJsonAsync();
        Assert.Equal("Company GitLab (prod)", afterUpdate.GetProperty("name").GetString());
        Assert.False(afterUpdate.GetProperty("enabled").GetBoolean());
        Assert.Equal("https://console.example.test/console/oauth/redirect", afterUpdate.GetProperty("effectiveCallbackAddress").GetString());
        // An empty secret on update keeps the stored one.
        var stored = await factory.WithDbAsync(db => db.OAuthServices.AsNoTracking().SingleAsync(s => s.Id == Guid.Parse(id!)));
        Assert.False(string.IsNullOrEmpty(stored.ClientSecretProtected));

        var list = await admin.GetStringAsync("/api/v1/platform/oauth-services");
        Assert.Contains("Company GitLab (prod)", list, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-value-1", list, StringComparison.Ordinal);
        Assert.DoesNotContain("clientSecret\"", list, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/platform/oauth-services/{id}")).StatusCode);
        Assert.DoesNotContain("Company GitLab (prod)", await admin.GetStringAsync("/api/v1/platform/oauth-services"), StringComparison.Ordinal);
        var actions = await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.Target!.StartsWith("Company GitLab")).Select(e => e.Action).ToListAsync());
        Assert.Contains(OAuthAuditActions.ServiceCreated, actions);
        Assert.Contains(OAuthAuditActions.ServiceUpdated, actions);
        Assert.Contains(OAuthAuditActions.ServiceDeleted, actions);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_provider_endpoints_and_offers_no_secret_in_answers()
    {
        var response = await factory.CreateNoRedirectClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/platform/oauth-services", "/api/v1/platform/oauth-services/{id}", "/api/v1/me/oauth-services", "/api/v1/me/oauth-bindings", "/api/v1/me/oauth-services/{id}/repositories", "/api/v1/me/oauth-services/{id}/branches", "/api/v1/me/oauth-services/{id}/tags" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document.");
        }

        var view = document.GetProperty("components").GetProperty("schemas").GetProperty("OAuthServiceView").GetProperty("properties");
        Assert.True(view.TryGetProperty("hasClientSecret", out _));
        Assert.False(view.TryGetProperty("clientSecret", out _));
    }

    [Fact]
    public async Task The_OpenAPI_document_offers_only_the_OAuth_capable_types()
    {
        var response = await factory.CreateNoRedirectClient().GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();

        // Gogs is a provider kind (webhooks) but not an OAuth type: the document must not offer it, under the old name.
        var schemas = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["github", "gitlab", "gitee", "gitea"], schemas.GetProperty("GitProviderType").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"type":"gitea","name":"g","clientId":"a","clientSecret":"b","enabled":true}""", "Service Address")]
    [InlineData("""{"type":"github","name":"","clientId":"a","clientSecret":"b","enabled":true}""", "name")]
    [InlineData("""{"type":"github","name":"n","clientId":"a","enabled":true}""", "Client Secret")]
    [InlineData("""{"type":"gitlab","name":"n","serviceAddress":"not a url","clientId":"a","clientSecret":"b","enabled":true}""", "absolute")]
    [InlineData("""{"type":"gogs","name":"n","serviceAddress":"https://gogs.example.test","clientId":"a","clientSecret":"b","enabled":true}""", "OAuth type")]
    [InlineData("""{"type":99,"name":"n","clientId":"a","clientSecret":"b","enabled":true}""", "OAuth type")]
    public async Task Bad_input_is_refused_with_a_reason(string json, string reasonPart)
    {
        var response = await factory.CreateApiClient(ConsoleFactory.AdminToken).PostAsync("/api/v1/platform/oauth-services",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reasonPart, (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Personal_services_belong_to_their_owner_alone()
    {
        var owner = await factory.CreateUserAsync($"owner-{Guid.NewGuid():N}@example.test", TeamRole.Developer);
        var other = await factory.CreateUserAsync($"other-{Guid.NewGuid():N}@example.test", TeamRole.Developer);
        var ownerApi = factory.CreateApiClient(owner.Token);
        var otherApi = factory.CreateApiClient(other.Token);
        var created = await ownerApi.PostAsJsonAsync("/api/v1/me/oauth-services", new { type = "github", name = "My GitHub", clientId = "c", clientSecret = "s", enabled = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString();

        Assert.Contains("My GitHub", await ownerApi.GetStringAsync("/api/v1/me/oauth-services"), StringComparison.Ordinal);
        Assert.DoesNotContain("My GitHub", await otherApi.GetStringAsync("/api/v1/me/oauth-services"), StringComparison.Ordinal);
        Assert.DoesNotContain("My GitHub", await otherApi.GetStringAsync("/api/v1/me/oauth-bindings"), StringComparison.Ordinal);
        Assert.Contains("My GitHub", await ownerApi.GetStringAsync("/api/v1/me/oauth-bindings"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.PutAsJsonAsync($"/api/v1/me/oauth-services/{id}", new { type = "github", name = "Mine now", clientId = "c", enabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.DeleteAsync($"/api/v1/me/oauth-services/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.GetAsync($"/api/v1/me/oauth-services/{id}/repositories")).StatusCode);
        // Nor does the platform list show personal services, even to an admin.
        Assert.DoesNotContain("My GitHub", await factory.CreateApiClient(ConsoleFactory.AdminToken).GetStringAsync("/api/v1/platform/oauth-services"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await ownerApi.DeleteAsync($"/api/v1/me/oauth-services/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_cannot_register_platform_services_but_sees_them_to_bind()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github", "Everybody's GitHub");
        var viewer = await factory.CreateUserAsync($"viewer-{Guid.NewGuid():N}@example.test", TeamRole.Viewer);
        var api = factory.CreateApiClient(viewer.Token);

        var attempt = await api.PostAsJsonAsync("/api/v1/platform/oauth-services", new { type = "github", name = "x", clientId = "c", clientSecret = "s", enabled = true });

        Assert.Equal(HttpStatusCode.Forbidden, attempt.StatusCode);
        var listed = (await (await api.GetAsync("/api/v1/me/oauth-bindings")).ReadJsonAsync()).EnumerateArray().Single(b => b.GetProperty("serviceId").GetString() == serviceId.ToString());
        Assert.Equal("not-bound", listed.GetProperty("status").GetString());
        Assert.Equal("Everybody's GitHub", listed.GetProperty("serviceName").GetString());
    }

    [Fact]
    public async Task Unbinding_forgets_the_account_and_deleting_a_service_removes_its_bindings()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        var serviceId = await OAuthDance.CreatePlatformServiceAsync(factory, fake, "github");
        var (user, browser) = await OAuthDance.SignedInUserAsync(factory);
        await OAuthDance.BindAsync(browser, serviceId);
        var api = factory.CreateApiClient(user.Token);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/me/oauth-bindings/{serviceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/v1/me/oauth-bindings/{serviceId}")).StatusCode);
        var listed = (await (await api.GetAsync("/api/v1/me/oauth-bindings")).ReadJsonAsync()).EnumerateArray().Single(b => b.GetProperty("serviceId").GetString() == serviceId.ToString());
        Assert.Equal("not-bound", listed.GetProperty("status").GetString());

        await OAuthDance.BindAsync(browser, serviceId);
        Assert.Equal(HttpStatusCode.NoContent, (await factory.CreateApiClient(ConsoleFactory.AdminToken).DeleteAsync($"/api/v1/platform/oauth-services/{serviceId}")).StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.OAuthBindings.AnyAsync(b => b.ServiceId == serviceId)));
    }
}
