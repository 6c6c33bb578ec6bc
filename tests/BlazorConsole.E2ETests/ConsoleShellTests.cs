using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BlazorConsole.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests;

/// <summary>A person in Chromium against the console started as a real process on a real port.</summary>
public class ConsoleShellTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_signs_in_navigates_switches_to_dark_mode_creates_and_revokes_a_token_and_signs_out()
    {
        var page = await fixture.NewPageAsync();

        // Anonymous visitors land on the sign-in page.
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/account/login**");
        await fixture.ScreenshotAsync(page, "01-sign-in");

        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(page.Locator("[data-testid=dashboard-teams]")).ToContainTextAsync("Default team");
        await fixture.ScreenshotAsync(page, "02-dashboard");

        // Navigation: Teams → the default team, with its members.
        await page.GetByRole(AriaRole.Link, new() { Name = "All teams" }).ClickAsync();
        await page.WaitForURLAsync("**/teams");
        await page.Locator("[data-testid=teams-table]").GetByRole(AriaRole.Link, new() { Name = "Default team" }).ClickAsync();
        await page.WaitForURLAsync("**/teams/default");
        await page.SelectTabAsync(new System.Text.RegularExpressions.Regex("Members"));
        await Assertions.Expect(page.Locator("[data-testid=members-table]")).ToContainTextAsync(ConsoleProcess.AdminEmail);
        await fixture.ScreenshotAsync(page, "03-team-members");

        // Dark mode: toggled, and remembered across a reload.
        await Assertions.Expect(page.Locator("[data-theme]")).ToHaveAttributeAsync("data-theme", "light");
        await page.ClickAsync("[data-testid=dark-mode-toggle]");
        await Assertions.Expect(page.Locator("[data-theme]")).ToHaveAttributeAsync("data-theme", "dark");
        var darkBackground = await page.EvalOnSelectorAsync<string>(".mud-layout", "e => getComputedStyle(e).backgroundColor");
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("[data-theme]")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal(darkBackground, await page.EvalOnSelectorAsync<string>(".mud-layout", "e => getComputedStyle(e).backgroundColor"));
        await fixture.ScreenshotAsync(page, "04-dark-mode");

        // Access token: created, shown once, works against the API, then revoked.
        await page.ClickAsync("[data-testid=nav-tokens]");
        await page.WaitForURLAsync("**/account/tokens");
        await page.FillAsync("input[data-testid=token-name], [data-testid=token-name] input", "e2e-script");
        await page.ClickAsync("[data-testid=create-token]");
        var token = (await page.Locator("[data-testid=new-token-value]").TextContentAsync())!.Trim();
        Assert.StartsWith("bct_", token, StringComparison.Ordinal);
        await fixture.ScreenshotAsync(page, "05-token-created");

        using var api = new HttpClient { BaseAddress = fixture.Console.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var teams = await api.GetAsync("/api/v1/teams");
        Assert.Equal(HttpStatusCode.OK, teams.StatusCode);
        Assert.Contains("\"default\"", await teams.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var row = page.Locator("[data-testid=tokens-table] tr", new() { HasText = "e2e-script" });
        await row.Locator("[data-testid=revoke-token]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("cannot be undone");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("revoked");
        await fixture.ScreenshotAsync(page, "06-token-revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/teams")).StatusCode);

        // A mistyped address gets a real 404 page inside the shell.
        await page.GotoAsync("/no/such/page");
        await Assertions.Expect(page.Locator("[data-testid=not-found]")).ToBeVisibleAsync();

        // Sign out ends the session.
        await page.GotoAsync("/");
        await page.WaitForCircuitAsync();
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/account/login**");
        await page.GotoAsync("/account/tokens");
        await page.WaitForURLAsync("**/account/login**");
        await fixture.ScreenshotAsync(page, "07-signed-out");
    }

    [Fact]
    public async Task A_viewer_gets_no_platform_menu_and_a_403_page_for_platform_settings()
    {
        using var admin = new HttpClient { BaseAddress = fixture.Console.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleProcess.AdminToken);
        var created = await admin.PostAsJsonAsync("/api/v1/platform/users", new { email = "viewer@example.test", password = "viewer-password-1", isPlatformAdmin = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await fixture.NewPageAsync();
        await page.SignInAsync("viewer@example.test", "viewer-password-1");
        await Assertions.Expect(page.Locator("[data-testid=nav-personal]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=nav-platform]")).ToHaveCountAsync(0);

        // A team page the viewer belongs to opens (team policies are checked against the route, also once interactive).
        await page.GotoAsync("/teams/default");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Default team");
        await Assertions.Expect(page.Locator("[data-testid=forbidden]")).ToHaveCountAsync(0);

        await page.GotoAsync("/platform/settings");
        await Assertions.Expect(page.Locator("[data-testid=forbidden]")).ToContainTextAsync("403");
        await fixture.ScreenshotAsync(page, "08-viewer-forbidden");
    }

    [Fact]
    public async Task A_big_team_pages_its_components_and_the_filter_finds_one_by_name()
    {
        using var admin = new HttpClient { BaseAddress = fixture.Console.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleProcess.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/teams", new { name = "big", displayName = "Big team" })).StatusCode);
        for (var i = 0; i < 60; i++)
        {
            var created = await admin.PostAsJsonAsync("/api/v1/teams/big/components", new { name = $"bulk-{i:00}", application = "bulk", gitUrl = $"https://example.test/bulk-{i:00}.git", branch = "main" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/teams/big/components", new { name = "zeta-odd", application = "other", gitUrl = "https://example.test/zeta.git", branch = "main" })).StatusCode);

        var page = await fixture.NewPageAsync();
        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        await page.GotoAsync("/teams/big");
        await page.WaitForCircuitAsync();
        var links = page.Locator("[data-testid=components-table] a[href^='/components/']");
        await Assertions.Expect(links).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator(".mud-table-pagination")).ToContainTextAsync("1-50 of 61");

        await page.Locator("input[data-testid=components-filter], [data-testid=components-filter] input").FillAsync("zeta");
        await Assertions.Expect(links).ToHaveCountAsync(1);
        await Assertions.Expect(links.First).ToHaveTextAsync("zeta-odd");
    }
}
