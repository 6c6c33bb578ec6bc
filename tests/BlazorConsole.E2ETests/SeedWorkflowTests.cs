using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlazorConsole.E2ETests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.Playwright;
using static BlazorConsole.E2ETests.Infrastructure.ProviderSteps;

namespace BlazorConsole.E2ETests;

/// <summary>A console that builds and deploys: build workers on, each successful build deployed.</summary>
public sealed class DeployingBrowserFixture : BrowserFixture
{
    protected override bool RunBuildWorkers => true;

    protected override bool DeployAfterBuild => true;
}

/// <summary>
/// The seed workflow in one story, in Chromium: a platform admin adds the GitHub service; a developer binds their account,
/// creates components from the provider's repositories with Auto Build on (the provider records the signed hook), and
/// the provider's own push deliveries drive everything after: a push without @deploy is explained, a push with it builds
/// live and the app URL serves the new content; on Production the build waits in Approvals until a team admin approves.
/// </summary>
public class SeedWorkflowTests(DeployingBrowserFixture fixture) : IClassFixture<DeployingBrowserFixture>
{
    private const string DevEmail = "seed-dev@example.test";
    private const string DevPassword = "seed-dev-password-1";

    [Fact]
    public async Task From_OAuth_service_to_live_app_with_keyword_pushes_and_a_Production_approval()
    {
        await using var fake = await FakeGitProvider.StartAsync();
        fake.HostRepository("octocat/shop");
        await fake.PushToAsync("octocat/shop", "main", "initial", ("index.html", "<h1>Shop v1</h1>"));
        await fake.PushToAsync("octocat/shop", "staging", "staging branch");
        fake.HostRepository("octocat/store");
        await fake.PushAsync("octocat/store", "initial", ("index.html", "<h1>Store v1</h1>"));

        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        await AddGitHubServiceAsync(fixture, admin, fake, "GitHub");

        await CreateDeveloperAsync(fixture.Console, DevEmail, DevPassword);
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(DevEmail, DevPassword);
        await BindAsync(page, "GitHub");

        // Team → Create Component Based on Source Code. Test environment: the staging branch, keyword @deploy, no approval.
        // Create queues the first build and opens its log.
        await page.GotoAsync("/teams/default");
        await page.WaitForCircuitAsync();
        await page.ClickAsync("[data-testid=add-component-from-source]");
        await page.WaitForURLAsync("**/teams/default/create/source");
        await page.WaitForCircuitAsync();
        await page.Locator("[data-testid=wizard-repositories]").GetByText("octocat/shop", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=wizard-branches]").GetByText("staging", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-environment]")).ToContainTextAsync("Test");
        await Assertions.Expect(page.Locator("[data-testid=wizard-preview]")).ToContainTextAsync("A push to staging whose head commit message contains @deploy builds.");
        await Assertions.Expect(page.Locator(Field("wizard-name"))).ToHaveValueAsync("shop");
        await fixture.ScreenshotAsync(page, "40-seed-wizard");
        await page.ClickAsync("[data-testid=wizard-create]");
        await page.WaitForURLAsync(new Regex("/builds/[0-9]+$"));
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("[data-testid=build-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("[data-testid=build-log]")).ToContainTextAsync("Credentials: the GitHub OAuth binding");

        var hook = Assert.Single(fake.Hooks, h => h.Repository == "octocat/shop");
        Assert.True(hook.Secret is { Length: >= 32 }, "the hook is signed with a fresh secret");
        Assert.Contains("push", hook.Events);

        // The component's Runtime tab links the app, which serves the first build.
        await page.Locator("[data-testid=build-header]").GetByRole(AriaRole.Link, new() { Name = "shop" }).ClickAsync();
        var componentUrl = new Regex("/components/([0-9a-f-]+)/builds$");
        await page.WaitForURLAsync(componentUrl);
        var componentId = componentUrl.Match(page.Url).Groups[1].Value;
        var appUrl = await AppUrlAsync(page, componentId);
        var app = await page.Context.NewPageAsync();
        await ExpectServedAsync(app, appUrl, "Shop v1");
        await fixture.ScreenshotAsync(page, "41-seed-first-release");

        // A push without the keyword: recorded, explained, not built.
        var (_, skipped) = await fake.PushToAsync("octocat/shop", "staging", "docs: readme", ("README.md", "How to run the shop\n"));
        Assert.Equal(200, Assert.Single(skipped).StatusCode);
        await page.GotoAsync($"/components/{componentId}/build-source");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("[data-testid=delivery-log]").First).ToContainTextAsync("skipped — commit message has no @deploy");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        await fixture.ScreenshotAsync(page, "42-seed-push-skipped");

        // A push with it: the build appears live in the Builds tab; its log streams; the app serves the new content.
        await page.SelectTabAsync(new System.Text.RegularExpressions.Regex("^Builds$"));
        var (sha, built) = await fake.PushToAsync("octocat/shop", "staging", "feat: shop v2 @deploy", ("index.html", "<h1>Shop v2</h1>"));
        Assert.Equal(202, Assert.Single(built).StatusCode);
        var row = page.Locator("[data-testid=builds-table] tr", new() { HasText = "feat: shop v2" });
        await row.Locator("[data-testid=build-link]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/builds/[0-9]+$"));
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("[data-testid=build-header]")).ToContainTextAsync(sha[..8]);
        await Assertions.Expect(page.Locator("[data-testid=build-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("[data-testid=build-log]")).ToContainTextAsync("Buildpack:");
        await fixture.ScreenshotAsync(page, "43-seed-build-log");
        await ExpectServedAsync(app, appUrl, "Shop v2");
        await fixture.ScreenshotAsync(app, "44-seed-app-v2");

        // Production: main, keyword and a team admin's approval. No first build this time; a push with @deploy waits.
        await page.GotoAsync("/teams/default/create/source");
        await page.WaitForCircuitAsync();
        await page.Locator("[data-testid=wizard-repositories]").GetByText("octocat/store", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-environment]")).ToContainTextAsync("Production");
        await Assertions.Expect(page.Locator("[data-testid=wizard-preview]")).ToContainTextAsync("after a team admin approves it");
        await page.Locator(Field("wizard-build-now")).ClickAsync();
        // The store joins the shop's application (existing ones are offered as you type).
        await page.Locator(Field("wizard-application")).FillAsync("sh");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "shop" }).ClickAsync();
        await Assertions.Expect(page.Locator(Field("wizard-application"))).ToHaveValueAsync("shop");
        await page.ClickAsync("[data-testid=wizard-create]");
        await page.WaitForURLAsync(new Regex("/components/[0-9a-f-]+/build-source$"));
        var storeId = new Regex("/components/([0-9a-f-]+)/").Match(page.Url).Groups[1].Value;
        using (var api = new HttpClient { BaseAddress = fixture.Console.BaseUrl })
        {
            api.DefaultRequestHeaders.Authorization = new("Bearer", ConsoleProcess.AdminToken);
            var store = await api.GetFromJsonAsync<JsonElement>($"/api/v1/components/{storeId}");
            Assert.Equal("shop", store.GetProperty("application").GetString());
        }

        var (_, waiting) = await fake.PushAsync("octocat/store", "release: store v2 @deploy", ("index.html", "<h1>Store v2</h1>"));
        Assert.Equal(202, Assert.Single(waiting).StatusCode);
        Assert.Contains("awaiting-approval", waiting[0].Body, StringComparison.Ordinal);

        await admin.GotoAsync("/approvals");
        await admin.WaitForCircuitAsync();
        var approval = admin.Locator("[data-testid=approvals-table] tr", new() { HasText = "store v2" });
        await Assertions.Expect(approval).ToContainTextAsync("store");
        await fixture.ScreenshotAsync(admin, "45-seed-approvals");
        await approval.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("approved.", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("[data-testid=approvals-table]")).Not.ToContainTextAsync("store v2");

        var storeUrl = await AppUrlAsync(page, storeId);
        await Assertions.Expect(page.Locator("[data-testid=release-build]")).ToHaveTextAsync("#1"); // the store's own build number
        await ExpectServedAsync(app, storeUrl, "Store v2");
        await fixture.ScreenshotAsync(page, "46-seed-production-released");
    }

    /// <summary>The Runtime tab's app link, once the component's release runs.</summary>
    private static async Task<string> AppUrlAsync(IPage page, string componentId)
    {
        await page.GotoAsync($"/components/{componentId}/runtime");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("[data-testid=release-status]")).ToHaveTextAsync("Running", new() { Timeout = 90_000 });
        return (await page.Locator("[data-testid=app-url]").GetAttributeAsync("href"))!;
    }

    /// <summary>The app URL serves <paramref name="heading"/> (a deploy switches over shortly after the build).</summary>
    private static async Task ExpectServedAsync(IPage app, string url, string heading)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await app.GotoAsync(url);
            var text = response is { Ok: true } ? await app.Locator("h1").TextContentAsync(new() { Timeout = 5_000 }) : null;
            if (text == heading)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} still serves '{text}' (status {response?.Status}) instead of '{heading}'");
            await Task.Delay(500);
        }
    }
}
