using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlazorConsole.E2ETests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests;

/// <summary>axe-core on the main pages (light and dark): no serious or critical violation.</summary>
public class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Main_pages_have_no_serious_or_critical_accessibility_violations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/login");
        var problems = new StringBuilder();
        await CheckAsync(page, "sign-in", problems);

        // A component with a build (queued: this console runs no workers), so its pages have something to show.
        using var api = new HttpClient { BaseAddress = fixture.Console.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", ConsoleProcess.AdminToken);
        var created = await api.PostAsJsonAsync("/api/v1/teams/default/components", new { name = "axe-site", application = "axe", gitUrl = "https://example.test/site.git", branch = "main" });
        var component = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var requested = await api.PostAsJsonAsync($"/api/v1/components/{component}/builds", new { });
        var build = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("buildId").GetInt64();

        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        foreach (var path in new[]
        {
            "/", "/teams", "/teams/default", "/teams/default/create/source", "/account/tokens", "/account/oauth-bindings", "/account/git-repos",
            "/platform/settings", "/platform/settings/oauth", "/approvals", $"/components/{component}/build-source", $"/components/{component}/builds",
            $"/components/{component}/runtime", $"/builds/{build}", "/not-found",
        })
        {
            await page.GotoAsync(path);
            await page.WaitForCircuitAsync();
            await CheckAsync(page, path, problems);

            // Nothing pushes the page sideways at a common laptop width.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow > 0)
            {
                problems.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{path}: the page is {overflow}px wider than the window");
            }
        }

        // Dark mode is a cookie the server reads: the same pages again, dark.
        await page.Context.AddCookiesAsync([new Cookie { Name = "bc-dark", Value = "1", Url = fixture.Console.BaseUrl.ToString() }]);
        foreach (var path in new[] { "/", "/teams/default", "/account/tokens", "/platform/settings", $"/components/{component}/build-source", $"/builds/{build}" })
        {
            await page.GotoAsync(path);
            await page.WaitForCircuitAsync();
            await Assertions.Expect(page.Locator("[data-theme]")).ToHaveAttributeAsync("data-theme", "dark");
            await CheckAsync(page, "dark " + path, problems);
        }

        Assert.True(problems.Length == 0, "Serious or critical axe violations:\n" + problems);
    }

    private static async Task CheckAsync(IPage page, string name, StringBuilder problems)
    {
        var results = await page.RunAxe();
        foreach (var violation in results.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            problems.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{name}: {violation.Id} ({violation.Impact}) {violation.Help} — {string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html))}");
        }
    }
}
