using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.E2ETests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests;

/// <summary>
/// From the component page: a kept build's artifact is deployed through Rollback (confirm dialog), the Runtime tab shows
/// it running with a clickable URL, and opening that URL shows the app's content served through the console's port.
/// </summary>
public class DeployFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Deploying_a_kept_build_from_the_runtime_tab_and_opening_the_app_url_shows_the_site()
    {
        var componentId = await CreateComponentAsync("e2e-site");

        // What the build pipeline leaves for a static site: the files and a manifest beside them (build 1).
        var artifact = Directory.CreateDirectory(Path.Combine(fixture.Console.DataDir, "artifacts", componentId.ToString(), "1")).FullName;
        await File.WriteAllTextAsync(Path.Combine(artifact, "index.html"), "<html><body><h1>Hello from the e2e site</h1></body></html>");
        await File.WriteAllTextAsync(artifact + ".artifact.json", JsonSerializer.Serialize(new
        {
            componentKey = componentId.ToString(),
            buildKey = "1",
            commitSha = new string('a', 40),
            language = "Static",
            startCommand = (string?)null,
            createdAt = DateTimeOffset.UtcNow,
        }));

        var page = await fixture.NewPageAsync();
        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        await page.GotoAsync($"/components/{componentId}/runtime");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.Locator("[data-testid=release-build]")).ToContainTextAsync("none deployed");

        await page.Locator("[data-testid=rollback-target]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new System.Text.RegularExpressions.Regex("#1") }).ClickAsync();
        await page.ClickAsync("[data-testid=rollback]");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=release-status]")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
        var link = page.Locator("[data-testid=app-url]");
        var url = await link.GetAttributeAsync("href");
        Assert.StartsWith("http://e2e-site.apps.localhost:", url, StringComparison.Ordinal);
        await fixture.ScreenshotAsync(page, "30-runtime-running");

        var app = await page.Context.NewPageAsync();
        await app.GotoAsync(url!);
        await Assertions.Expect(app.Locator("h1")).ToHaveTextAsync("Hello from the e2e site");
        await fixture.ScreenshotAsync(app, "31-app-served");
    }

    private async Task<Guid> CreateComponentAsync(string name)
    {
        using var api = new HttpClient { BaseAddress = fixture.Console.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", ConsoleProcess.AdminToken);
        var response = await api.PostAsJsonAsync("/api/v1/teams/default/components", new { name, application = "e2e", gitUrl = "https://example.test/site.git", branch = "main", triggerKeyword = "" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
