using System.Net;
using System.Text.RegularExpressions;
using BlazorConsole.E2ETests.Infrastructure;
using BlazorConsole.Git.Webhooks;
using BlazorConsole.TestSupport;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests;

/// <summary>
/// A developer creates a component from a Git URL, wires the hook by hand with the URL and secret the Build Source
/// panel shows, and watches the delivery log explain a push that did not build, then builds it after fixing the rule.
/// </summary>
public class WebhookFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_push_without_the_keyword_is_explained_live_and_builds_after_the_rule_is_changed_and_redelivered()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);

        // Team → Add component (from a Git URL).
        await page.GotoAsync("/teams/default");
        await page.WaitForCircuitAsync();
        await page.ClickAsync("[data-testid=add-component]");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("input[data-testid=component-git-url], [data-testid=component-git-url] input").FillAsync("https://github.com/Codertocat/Hello-World.git");
        await dialog.Locator("input[data-testid=component-name], [data-testid=component-name] input").FillAsync("hello-world");
        await dialog.Locator("input[data-testid=component-application], [data-testid=component-application] input").FillAsync("demo");
        await dialog.Locator("input[data-testid=component-branch], [data-testid=component-branch] input").FillAsync("master");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(dialog.Locator("[data-testid=component-rule-preview]")).ToContainTextAsync("A push to master");
        await fixture.ScreenshotAsync(page, "20-create-component");
        await dialog.Locator("[data-testid=component-create]").ClickAsync();

        // The Build Source panel shows the hook URL and, this once, the secret.
        await page.WaitForURLAsync(new Regex("/components/[0-9a-f-]+/build-source$"));
        var hookUrl = await page.Locator("input[data-testid=source-webhook-url], [data-testid=source-webhook-url] input").InputValueAsync();
        var secret = await page.Locator("input[data-testid=source-webhook-secret], [data-testid=source-webhook-secret] input").InputValueAsync();
        Assert.Matches("/console/webhooks/[0-9a-f-]{36}$", hookUrl);
        Assert.True(secret.Length >= 32, "a strong secret is shown once");
        await Assertions.Expect(page.Locator("[data-testid=source-rule-preview]")).ToContainTextAsync("head commit message contains @deploy");
        await fixture.ScreenshotAsync(page, "21-build-source");

        // GitHub delivers a recorded push ("Update README": no @deploy), signed with that secret.
        var response = await DeliverGitHubPushAsync(hookUrl, secret, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = page.Locator("[data-testid=delivery-log]").First;
        await Assertions.Expect(log).ToContainTextAsync("skipped — commit message has no @deploy");
        await fixture.ScreenshotAsync(page, "22-delivery-skipped");

        // Fix the rule: every push to master builds.
        await page.Locator("input[data-testid=source-keyword-switch], [data-testid=source-keyword-switch] input").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=source-rule-preview]")).ToContainTextAsync("A push to master builds.");
        await page.ClickAsync("[data-testid=source-save]");
        await Assertions.Expect(page.GetByText("Build source saved.")).ToBeVisibleAsync();

        // Redeliver from the details drawer.
        await log.Locator("tr", new() { HasText = "no @deploy" }).First.ClickAsync();
        var drawer = page.Locator("[data-testid=delivery-details]");
        await Assertions.Expect(drawer).ToContainTextAsync("X-GitHub-Event");
        await Assertions.Expect(drawer).ToContainTextAsync("(masked)");
        await fixture.ScreenshotAsync(page, "23-delivery-details");
        await drawer.Locator("[data-testid=redeliver]").ClickAsync();
        await Assertions.Expect(log).ToContainTextAsync("triggered");

        // The build is in the Builds tab, queued, with the commit of the push.
        await page.SelectTabAsync(new System.Text.RegularExpressions.Regex("^Builds$"));
        var builds = page.Locator("[data-testid=builds-table]").Last;
        await Assertions.Expect(builds).ToContainTextAsync("Update README");
        await Assertions.Expect(builds).ToContainTextAsync("Queued");
        await fixture.ScreenshotAsync(page, "24-build-queued");

        // The dashboard shows the same story across the user's teams.
        await page.ClickAsync("[data-testid=nav-dashboard]");
        await Assertions.Expect(page.Locator("[data-testid=dashboard-builds]")).ToContainTextAsync("default/hello-world #1");
        await Assertions.Expect(page.Locator("[data-testid=dashboard-deliveries]")).ToContainTextAsync("commit message has no @deploy");
        await fixture.ScreenshotAsync(page, "25-dashboard");
    }

    private static async Task<HttpResponseMessage> DeliverGitHubPushAsync(string hookUrl, string secret, string deliveryId)
    {
        var body = ProviderFixtures.Bytes("go-scm/github/push.json");
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, hookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("User-Agent", "GitHub-Hookshot/044aadd");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + WebhookSignatures.HexHmacSha256(body, secret));
        return await client.SendAsync(request);
    }
}
