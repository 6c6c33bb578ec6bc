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
        await ProviderSteps.AddGitHubServiceAsync(fixture, admin, fake, "Company GitHub");
        await fixture.ScreenshotAsync(admin, "11-oauth-services");

        // A developer (not an admin) binds their account: console → provider (auto-approves) → console.
        await ProviderSteps.CreateDeveloperAsync(fixture.Console, "dev@example.test", "dev-password-12");
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("dev@example.test", "dev-password-12");
        var bindingRow = await ProviderSteps.BindAsync(page, "Company GitHub");
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
        await page.GotoAsync("/teams/default/create/source");
        await page.WaitForCircuitAsync();
        await fixture.ScreenshotAsync(page, "16-create-from-source-start");
        await page.Locator("[data-testid=wizard-repositories]").GetByText("octocat/Hello-World", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=wizard-branches]").GetByText("master").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-preview]")).ToContainTextAsync("A push to master whose head commit message contains @deploy builds, after a team admin approves it.");
        await Assertions.Expect(page.Locator(Field("wizard-name"))).ToHaveValueAsync("hello-world");
        await page.Locator(Field("wizard-build-now")).ClickAsync(); // no first build: the Build Source panel opens instead
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

    private static string Field(string testId) => ProviderSteps.Field(testId);
}
