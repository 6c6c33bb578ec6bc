using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BlazorConsole.E2ETests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests;

/// <summary>A platform admin registers a GitHub service; a person binds their account through it and browses repositories.</summary>
public class GitProviderTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_adds_a_GitHub_service_a_user_binds_it_and_searches_and_pages_through_repositories()
    {
        await using var fake = await FakeGitProvider.StartAsync();

        // Platform admin: Platform Settings → OAuth services → Add service.
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        await admin.GotoAsync("/platform/settings");
        await admin.WaitForCircuitAsync();
        await admin.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("OAuth") }).ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=oauth-summary]")).ToContainTextAsync("No platform OAuth service yet");
        await admin.ClickAsync("[data-testid=manage-oauth-services]");
        await admin.WaitForURLAsync("**/platform/settings/oauth");
        await admin.WaitForCircuitAsync();

        await admin.ClickAsync("[data-testid=add-oauth-service]");
        await Assertions.Expect(admin.Locator("[data-testid=provider-help]")).ToContainTextAsync("New OAuth App");
        await Assertions.Expect(admin.Locator("[data-testid=oauth-effective-callback]")).ToHaveTextAsync($"{fixture.Console.BaseUrl}console/oauth/redirect");
        await admin.FillAsync(Field("oauth-name"), "Company GitHub");
        await admin.FillAsync(Field("oauth-service-address"), fake.BaseUrl.ToString());
        await admin.FillAsync(Field("oauth-client-id"), FakeGitProvider.ClientId);
        await admin.FillAsync(Field("oauth-client-secret"), FakeGitProvider.ClientSecret);
        await fixture.ScreenshotAsync(admin, "10-oauth-service-form");
        await admin.ClickAsync("[data-testid=save-oauth-service]");
        var serviceRow = admin.Locator("[data-testid=oauth-services-table] tr", new() { HasText = "Company GitHub" });
        await Assertions.Expect(serviceRow).ToContainTextAsync(FakeGitProvider.ClientId);
        await Assertions.Expect(admin.Locator("[data-testid=oauth-services-table]")).Not.ToContainTextAsync(FakeGitProvider.ClientSecret);
        await fixture.ScreenshotAsync(admin, "11-oauth-services");

        // A user (not an admin) binds their account: console → provider (auto-approves) → console.
        using var api = new HttpClient { BaseAddress = fixture.Console.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleProcess.AdminToken);
        var created = await api.PostAsJsonAsync("/api/v1/platform/users", new { email = "dev@example.test", password = "dev-password-12", isPlatformAdmin = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await fixture.NewPageAsync();
        await page.SignInAsync("dev@example.test", "dev-password-12");
        await page.GotoAsync("/account/oauth-bindings");
        await page.WaitForCircuitAsync();
        var bindingRow = page.Locator("[data-testid=oauth-bindings-table] tr", new() { HasText = "Company GitHub" });
        await Assertions.Expect(bindingRow).ToContainTextAsync("not bound");
        await fixture.ScreenshotAsync(page, "12-oauth-not-bound");

        await bindingRow.Locator("[data-testid=go-authenticate]").ClickAsync();
        await page.WaitForURLAsync("**/account/oauth-bindings");
        await page.WaitForCircuitAsync();
        bindingRow = page.Locator("[data-testid=oauth-bindings-table] tr", new() { HasText = "Company GitHub" });
        await Assertions.Expect(bindingRow).ToContainTextAsync("bound as @octocat");
        Assert.Single(fake.AcceptedVerifiers);
        await fixture.ScreenshotAsync(page, "13-oauth-bound");

        // Repositories: pages of 20 from the provider, then a search.
        await bindingRow.Locator("[data-testid=browse-repositories]").ClickAsync();
        await page.WaitForURLAsync("**/repositories");
        await page.WaitForCircuitAsync();
        var names = page.Locator("[data-testid=repositories-table] [data-testid=repo-name]");
        await Assertions.Expect(names).ToHaveCountAsync(20);
        await Assertions.Expect(names.First).ToHaveTextAsync("octocat/Hello-World");
        await Assertions.Expect(page.Locator("[data-testid=repo-previous]")).ToBeDisabledAsync();
        // Prerendering and the live page share one answer: opening the page costs one call against the rate limit.
        Assert.Single(fake.ApiCalls, call => call.StartsWith("GET /api/v3/user/repos", StringComparison.Ordinal));
        await fixture.ScreenshotAsync(page, "14-repositories-page-1");

        await page.ClickAsync("[data-testid=repo-next]");
        await Assertions.Expect(page.Locator("[data-testid=repo-page]")).ToHaveTextAsync("Page 2");
        await Assertions.Expect(names).ToHaveCountAsync(20);
        await Assertions.Expect(page.Locator("[data-testid=repositories-table]")).Not.ToContainTextAsync("octocat/Hello-World");
        await page.ClickAsync("[data-testid=repo-next]");
        await Assertions.Expect(page.Locator("[data-testid=repo-page]")).ToHaveTextAsync("Page 3");
        await Assertions.Expect(names).ToHaveCountAsync(FakeGitProvider.RepositoryCount - 40);
        await Assertions.Expect(page.Locator("[data-testid=repo-next]")).ToBeDisabledAsync();

        await page.FillAsync(Field("repo-search"), "service-1");
        await page.ClickAsync("[data-testid=repo-search-button]");
        await Assertions.Expect(page.Locator("[data-testid=repo-page]")).ToHaveTextAsync("Page 1");
        await Assertions.Expect(names).ToHaveCountAsync(10);
        foreach (var name in await names.AllTextContentsAsync())
        {
            Assert.StartsWith("octocat/service-1", name, StringComparison.Ordinal);
        }

        await fixture.ScreenshotAsync(page, "15-repositories-search");

        // As a developer of the default team, the user creates a component from that repository with Auto Build on:
        // the console registers a signed webhook in the repository through the bound account.
        var users = await (await api.GetAsync("/api/v1/platform/users")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var devId = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == "dev@example.test").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"/api/v1/teams/default/members/{devId}", new { role = "Developer" })).StatusCode);

        await page.GotoAsync("/teams/default/create/source");
        await page.WaitForCircuitAsync();
        await fixture.ScreenshotAsync(page, "16-create-from-source-start");
        await page.Locator("[data-testid=wizard-repositories]").GetByText("octocat/Hello-World", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=wizard-branches]").GetByText("master").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-preview]")).ToContainTextAsync("A push to master whose head commit message contains @deploy builds, after a team admin approves it.");
        await Assertions.Expect(page.Locator(Field("wizard-name"))).ToHaveValueAsync("hello-world");
        await fixture.ScreenshotAsync(page, "16-create-from-source");
        await page.ClickAsync("[data-testid=wizard-create]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/components/[0-9a-f-]+/build-source$"));
        await Assertions.Expect(page.GetByText("hook #", new() { Exact = false })).ToBeVisibleAsync();

        var hook = Assert.Single(fake.Hooks);
        Assert.Equal("octocat/Hello-World", hook.Repository);
        Assert.Equal(await page.Locator(Field("source-webhook-url")).InputValueAsync(), hook.Url);
        Assert.Equal(await page.Locator(Field("source-webhook-secret")).InputValueAsync(), hook.Secret);
        await fixture.ScreenshotAsync(page, "17-auto-build-registered");
    }

    // MudTextField puts the attribute on the input itself.
    private static string Field(string testId) => $"input[data-testid={testId}], [data-testid={testId}] input";
}
