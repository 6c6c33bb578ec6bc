using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.E2ETests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests;

/// <summary>
/// On the component's Overview a developer presses Re-detect and sees the language of the branch head with its commit,
/// then chooses another language in the select and sees that builds will use it.
/// </summary>
public class ComponentLanguageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string GitUser = "builder";
    private const string GitPassword = "e2e-git-Pa55";

    [Fact]
    public async Task Re_detect_shows_the_language_and_the_select_chooses_another()
    {
        var root = Directory.CreateTempSubdirectory("bc-e2e-repos-").FullName;
        await using var server = await GitSmartHttpServer.StartAsync(root, GitUser, GitPassword);
        var repo = GitTestRepository.Create(root, "shop");
        repo.WriteFile("package.json", """{ "name": "shop", "version": "1.0.0" }""").WriteFile("index.html", "<h1>shop</h1>");
        var sha = repo.CommitAndPush("Node app");

        using var api = new HttpClient { BaseAddress = fixture.Console.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleProcess.AdminToken);
        var created = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "shop", application = "demo", gitUrl = server.UrlFor(repo.Name), branch = "main", triggerKeyword = "",
            gitUsername = GitUser, gitPassword = GitPassword,
        });
        var component = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.True(created.IsSuccessStatusCode, component.ToString());

        var page = await fixture.NewPageAsync();
        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        await page.GotoAsync($"/components/{component.GetProperty("id").GetString()}");
        await page.WaitForCircuitAsync();
        var summary = page.Locator("[data-testid=language-summary]");
        await Assertions.Expect(summary).ToHaveTextAsync("Not detected yet");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Re-detect") }).ClickAsync();
        await Assertions.Expect(summary).ToContainTextAsync($"Node.js (detected from {sha[..7]} on ", new() { Timeout = 30_000 });
        await fixture.ScreenshotAsync(page, "26-language-detected");

        await page.Locator("[data-testid=language-select]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Static", Exact = true }).ClickAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Static (chosen; Node.js detected from ");
        await fixture.ScreenshotAsync(page, "27-language-chosen");
        Directory.Delete(root, recursive: true);
    }
}
