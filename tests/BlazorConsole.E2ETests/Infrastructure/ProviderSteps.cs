using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.TestSupport;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests.Infrastructure;

/// <summary>The steps every provider story starts with, as a person does them in the browser.</summary>
public static class ProviderSteps
{
    /// <summary>MudTextField puts the attribute on the input itself.</summary>
    public static string Field(string testId) => $"input[data-testid={testId}], [data-testid={testId}] input";

    /// <summary>
    /// Platform admin, in a console without OAuth services yet: Platform Settings → OAuth → Manage → Add service, a GitHub
    /// service at the fake provider. The services table shows the client id and never the secret.
    /// </summary>
    public static async Task AddGitHubServiceAsync(BrowserFixture fixture, IPage admin, FakeGitProvider fake, string name)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(fake);
        await admin.GotoAsync("/platform/settings");
        await admin.WaitForCircuitAsync();
        await admin.SelectTabAsync(new System.Text.RegularExpressions.Regex("OAuth"));
        await Assertions.Expect(admin.Locator("[data-testid=oauth-summary]")).ToContainTextAsync("No platform OAuth service yet");
        await admin.ClickAsync("[data-testid=manage-oauth-services]");
        await admin.WaitForURLAsync("**/platform/settings/oauth");
        await admin.WaitForCircuitAsync();

        await admin.ClickAsync("[data-testid=add-oauth-service]");
        await Assertions.Expect(admin.Locator("[data-testid=provider-help]")).ToContainTextAsync("New OAuth App");
        await Assertions.Expect(admin.Locator("[data-testid=oauth-effective-callback]")).ToHaveTextAsync($"{fixture.Console.BaseUrl}console/oauth/redirect");
        await admin.FillAsync(Field("oauth-name"), name);
        await admin.FillAsync(Field("oauth-service-address"), fake.BaseUrl.ToString());
        await admin.FillAsync(Field("oauth-client-id"), FakeGitProvider.ClientId);
        await admin.FillAsync(Field("oauth-client-secret"), FakeGitProvider.ClientSecret);
        await fixture.ScreenshotAsync(admin, "10-oauth-service-form");
        await admin.ClickAsync("[data-testid=save-oauth-service]");
        var serviceRow = admin.Locator("[data-testid=oauth-services-table] tr", new() { HasText = name });
        await Assertions.Expect(serviceRow).ToContainTextAsync(FakeGitProvider.ClientId);
        await Assertions.Expect(admin.Locator("[data-testid=oauth-services-table]")).Not.ToContainTextAsync(FakeGitProvider.ClientSecret);
    }

    /// <summary>A person who is not a platform admin, Developer in the default team (added by the bootstrap admin's API token).</summary>
    public static async Task CreateDeveloperAsync(ConsoleProcess console, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(console);
        using var api = new HttpClient { BaseAddress = console.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleProcess.AdminToken);
        var created = await api.PostAsJsonAsync("/api/v1/platform/users", new { email, password, isPlatformAdmin = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var users = await (await api.GetAsync("/api/v1/platform/users")).Content.ReadFromJsonAsync<JsonElement>();
        var id = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"/api/v1/teams/default/members/{id}", new { role = "Developer" })).StatusCode);
    }

    /// <summary>Personal Center → OAuth Account Binding → Go to Authentication: the fake approves and sends the browser back.</summary>
    public static async Task<ILocator> BindAsync(IPage page, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/account/oauth-bindings");
        await page.WaitForCircuitAsync();
        var bindingRow = page.Locator("[data-testid=oauth-bindings-table] tr", new() { HasText = serviceName });
        await Assertions.Expect(bindingRow).ToContainTextAsync("not bound");
        await bindingRow.Locator("[data-testid=go-authenticate]").ClickAsync();
        await page.WaitForURLAsync("**/account/oauth-bindings");
        await page.WaitForCircuitAsync();
        bindingRow = page.Locator("[data-testid=oauth-bindings-table] tr", new() { HasText = serviceName });
        await Assertions.Expect(bindingRow).ToContainTextAsync("bound as @octocat");
        return bindingRow;
    }
}
