using BlazorConsole.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests;

/// <summary>
/// The console's Content-Security-Policy in a real Chromium: Blazor's circuit, MudBlazor's styles and scripts and the
/// import map all run under it, and the browser reports no violation on the way through the shell.
/// </summary>
public class ContentSecurityPolicyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_shell_works_under_the_policy_without_a_single_violation()
    {
        var page = await fixture.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };
        // Also the violations that are not logged to the console (the event fires for every blocked resource).
        await page.Context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");

        var signInPage = await page.GotoAsync("/account/login");
        Assert.Contains("frame-ancestors 'none'", await signInPage!.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await page.WaitForCircuitAsync();

        // Interactive: a MudBlazor control round-trips through the circuit's WebSocket (connect-src) and restyles the page.
        await page.GetByRole(AriaRole.Link, new() { Name = "All teams" }).ClickAsync();
        await page.WaitForURLAsync("**/teams");
        await page.ClickAsync("[data-testid=dark-mode-toggle]");
        await Assertions.Expect(page.Locator("[data-theme]")).ToHaveAttributeAsync("data-theme", "dark");
        await page.ClickAsync("[data-testid=dark-mode-toggle]");
        await Assertions.Expect(page.Locator("[data-theme]")).ToHaveAttributeAsync("data-theme", "light");
        await fixture.ScreenshotAsync(page, "csp-teams");

        lock (violations)
        {
            Assert.True(violations.Count == 0, "The browser reported: " + string.Join(" | ", violations));
        }
    }
}
