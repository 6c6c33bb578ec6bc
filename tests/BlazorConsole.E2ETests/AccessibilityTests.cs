using System.Text;
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

        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        foreach (var path in new[] { "/", "/teams", "/teams/default", "/account/tokens", "/account/oauth-bindings", "/account/git-repos", "/platform/settings", "/platform/settings/oauth", "/approvals", "/not-found" })
        {
            await page.GotoAsync(path);
            await page.WaitForCircuitAsync();
            await CheckAsync(page, path, problems);
        }

        // Dark mode is a cookie the server reads: the same pages again, dark.
        await page.Context.AddCookiesAsync([new Cookie { Name = "bc-dark", Value = "1", Url = fixture.Console.BaseUrl.ToString() }]);
        foreach (var path in new[] { "/", "/teams/default", "/account/tokens", "/platform/settings" })
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
