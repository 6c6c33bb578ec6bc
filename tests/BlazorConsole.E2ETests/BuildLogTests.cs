using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.E2ETests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.Playwright;

namespace BlazorConsole.E2ETests;

/// <summary>A console with build workers, building a repository served over smart HTTP from the test process.</summary>
public sealed class BuildingBrowserFixture : BrowserFixture
{
    protected override bool RunBuildWorkers => true;
}

/// <summary>
/// A developer starts a build and watches its log arrive live on <c>/builds/{id}</c>: lines stream in while the build
/// runs, ANSI colours show as colours, the status chip turns Succeeded, and the search box narrows the log.
/// </summary>
public class BuildLogTests(BuildingBrowserFixture fixture) : IClassFixture<BuildingBrowserFixture>
{
    private const string GitUser = "builder";
    private const string GitPassword = "e2e-git-Pa55";

    [Fact]
    public async Task The_build_page_streams_the_log_live_with_colours_and_search()
    {
        var root = Directory.CreateTempSubdirectory("bc-e2e-repos-").FullName;
        await using var server = await GitSmartHttpServer.StartAsync(root, GitUser, GitPassword);
        var repo = GitTestRepository.Create(root, "slow-log");
        // One line every 100 ms for 4 s: the page is open while most of them are written.
        repo.WriteFile("build.js", """
            let i = 0;
            const timer = setInterval(() => {
              i++;
              console.log(`step ${i} \u001b[32mcompiled\u001b[0m`);
              if (i === 40) { clearInterval(timer); }
            }, 100);
            """);
        repo.WriteFile("package.json", """{ "name": "slow-log", "version": "1.0.0", "scripts": { "build": "node build.js" } }""");
        repo.CommitAndPush("slow log");

        using var api = new HttpClient { BaseAddress = fixture.Console.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleProcess.AdminToken);
        var created = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "slow-log", application = "demo", gitUrl = server.UrlFor(repo.Name), branch = "main", triggerKeyword = "",
            gitUsername = GitUser, gitPassword = GitPassword,
        });
        var component = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.True(created.IsSuccessStatusCode, component.ToString());

        var page = await fixture.NewPageAsync();
        await page.SignInAsync(ConsoleProcess.AdminEmail, ConsoleProcess.AdminPassword);
        var requested = await api.PostAsJsonAsync($"/api/v1/components/{component.GetProperty("id").GetString()}/builds", new { });
        var buildId = JsonDocument.Parse(await requested.Content.ReadAsStringAsync()).RootElement.GetProperty("buildId").GetInt64();

        await page.GotoAsync($"/builds/{buildId}");
        await page.WaitForCircuitAsync();
        var log = page.Locator("[data-testid=build-log]");
        await Assertions.Expect(log).ToContainTextAsync("step 3 compiled", new() { Timeout = 90_000 });
        // Still running while lines arrive: the chip is live, not a snapshot.
        await Assertions.Expect(page.Locator("[data-testid=build-status]").First).ToHaveTextAsync("Running", new() { Timeout = 5_000 });
        await fixture.ScreenshotAsync(page, "20-build-log-live");

        await Assertions.Expect(log).ToContainTextAsync("step 40 compiled", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=build-status]").First).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(log.Locator("span[style*='color:#0dbc79']", new() { HasText = "compiled" }).First).ToBeVisibleAsync();

        await page.Locator("input[data-testid=log-search], [data-testid=log-search] input").FillAsync("step 7 ");
        await Assertions.Expect(log).ToContainTextAsync("step 7 compiled");
        await Assertions.Expect(log).Not.ToContainTextAsync("step 8 compiled");
        await fixture.ScreenshotAsync(page, "21-build-log-search");
        Directory.Delete(root, recursive: true);
    }
}
