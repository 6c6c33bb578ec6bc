using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>
/// A component's language through the running console: re-detect checks out the branch head over authenticated smart
/// HTTP and stores what it finds, a finished build stores what it detected, a chosen language picks the next build's
/// buildpack, and only developers may re-detect or choose.
/// </summary>
public class ComponentLanguageTests(BuildWorkerFixture fixture) : IClassFixture<BuildWorkerFixture>
{
    private BuildTestSupport Support => fixture.Support;

    [Fact]
    public async Task Re_detect_follows_the_branch_head_and_a_chosen_language_picks_the_next_builds_buildpack()
    {
        var (repo, nodeSha) = Support.Push(("package.json", """{ "name": "shop", "version": "1.0.0" }"""), StaticSite);
        var component = await Support.ComponentAsync(repo);
        using var admin = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);

        var before = await GetLanguageAsync(admin, component.Id);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("language").ValueKind);
        Assert.Equal("Not detected yet", before.GetProperty("summary").GetString());

        // A Node app at the branch head.
        var node = await DetectAsync(admin, component.Id);
        Assert.Equal("NodeJs", node.GetProperty("language").GetString());
        Assert.Equal("Node.js", node.GetProperty("languageName").GetString());
        Assert.Equal("package.json", node.GetProperty("evidence").GetString());
        Assert.Equal(nodeSha, node.GetProperty("detectedCommitSha").GetString());
        Assert.False(node.GetProperty("chosen").GetBoolean());
        Assert.StartsWith($"Node.js (detected from {nodeSha[..7]} on ", node.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // The next push turns it into a Python app; re-detect looks at the new head.
        repo.Git("rm", "--quiet", "package.json");
        repo.WriteFile("requirements.txt", "flask==3.0.0\n");
        var pythonSha = repo.CommitAndPush("Python now");
        var python = await DetectAsync(admin, component.Id);
        Assert.Equal("Python", python.GetProperty("language").GetString());
        Assert.Equal("requirements.txt", python.GetProperty("evidence").GetString());
        Assert.Equal(pythonSha, python.GetProperty("detectedCommitSha").GetString());
        Assert.Equal("Python", (await GetLanguageAsync(admin, component.Id)).GetProperty("detected").GetString());

        // Chosen by hand: the next build uses the Static buildpack, and the component still knows what was detected.
        var chosen = await SetLanguageAsync(admin, component.Id, "Static");
        Assert.Equal("Static", chosen.GetProperty("language").GetString());
        Assert.True(chosen.GetProperty("chosen").GetBoolean());
        Assert.Equal("Python", chosen.GetProperty("detected").GetString());
        Assert.StartsWith("Static (chosen; Python detected from ", chosen.GetProperty("summary").GetString(), StringComparison.Ordinal);

        var buildId = await Support.ManualBuildAsync(component.Id);
        var build = await Support.WaitForStatusAsync(buildId);
        var log = await Support.LogAsync(buildId);
        Assert.True(Status(build) == "Succeeded", $"{build}\n{log}");
        Assert.Contains("Buildpack: Static", log, StringComparison.Ordinal);
        Assert.Contains("Detected Python (requirements.txt)", log, StringComparison.Ordinal);
        var afterBuild = await GetLanguageAsync(admin, component.Id);
        Assert.Equal("Static", afterBuild.GetProperty("language").GetString());
        Assert.Equal("Python", afterBuild.GetProperty("detected").GetString());

        // Back to detecting: the language is the detected one again.
        var automatic = await SetLanguageAsync(admin, component.Id, null);
        Assert.Equal("Python", automatic.GetProperty("language").GetString());
        Assert.False(automatic.GetProperty("chosen").GetBoolean());
        Assert.Equal(JsonValueKind.Null, automatic.GetProperty("override").ValueKind);

        // Re-detect leaves nothing behind in the work folder.
        Assert.Empty(Directory.Exists(WorkDirectory) ? Directory.GetDirectories(WorkDirectory, "detect-*") : []);
    }

    [Fact]
    public async Task A_finished_build_stores_what_it_detected_on_the_component()
    {
        var (repo, sha) = Support.Push(StaticSite);
        var component = await Support.ComponentAsync(repo);

        var accepted = await Support.PushWebhookAsync(component, sha);
        var build = await Support.WaitForStatusAsync(accepted.GetProperty("buildId").GetInt64());
        Assert.Equal("Succeeded", Status(build));

        using var admin = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        var language = await GetLanguageAsync(admin, component.Id);
        Assert.Equal("Static", language.GetProperty("detected").GetString());
        Assert.Equal("index.html", language.GetProperty("evidence").GetString());
        Assert.Equal(sha, language.GetProperty("detectedCommitSha").GetString());
        Assert.True(language.GetProperty("detectedAt").GetDateTimeOffset() >= build.GetProperty("startedAt").GetDateTimeOffset());

        // The component page shows it on the Overview tab.
        using var browser = await Support.AdminBrowserAsync();
        var page = await browser.GetStringAsync($"/components/{component.Id}");
        Assert.Contains($"Static (detected from {sha[..7]} on ", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkout_that_fails_answers_422_with_the_reason_and_stores_nothing()
    {
        const string wrongPassword = "not-the-Pa55word-9";
        var (repo, _) = Support.Push(StaticSite);
        var component = await fixture.Console.CreateComponentAsync(new
        {
            name = "c" + Guid.NewGuid().ToString("N")[..10],
            application = "builds",
            gitUrl = fixture.Server.UrlFor(repo.Name),
            branch = "main",
            triggerKeyword = "",
            gitUsername = GitUser,
            gitPassword = wrongPassword,
        });
        using var admin = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);

        var response = await admin.PostAsync($"/api/v1/components/{component.Id}/language/detect", null);
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("Authentication failed", detail, StringComparison.Ordinal);
        Assert.Contains($"user '{GitUser}'", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, detail, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await GetLanguageAsync(admin, component.Id)).GetProperty("detectedAt").ValueKind);

        var branchMissing = await fixture.Console.CreateComponentAsync(new
        {
            name = "c" + Guid.NewGuid().ToString("N")[..10],
            application = "builds",
            gitUrl = fixture.Server.UrlFor(repo.Name),
            branch = "release",
            triggerKeyword = "",
            gitUsername = GitUser,
            gitPassword = GitPassword,
        });
        response = await admin.PostAsync($"/api/v1/components/{branchMissing.Id}/language/detect", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("'refs/heads/release' is neither a branch nor a tag", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_the_language_but_cannot_re_detect_or_choose_it()
    {
        var (repo, _) = Support.Push(StaticSite);
        var component = await Support.ComponentAsync(repo);
        var viewer = await fixture.Console.CreateUserAsync($"viewer-{Guid.NewGuid():N}@example.test", TeamRole.Viewer);
        var developer = await fixture.Console.CreateUserAsync($"dev-{Guid.NewGuid():N}@example.test", TeamRole.Developer);

        using (var asViewer = fixture.Console.CreateApiClient(viewer.Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync($"/api/v1/components/{component.Id}/language")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PostAsync($"/api/v1/components/{component.Id}/language/detect", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PutAsJsonAsync($"/api/v1/components/{component.Id}/language", new { language = "Static" })).StatusCode);
        }

        using var asDeveloper = fixture.Console.CreateApiClient(developer.Token);
        Assert.Equal("Static", (await DetectAsync(asDeveloper, component.Id)).GetProperty("language").GetString());
        Assert.Equal("NodeJs", (await SetLanguageAsync(asDeveloper, component.Id, "NodeJs")).GetProperty("override").GetString());
        var unknown = await asDeveloper.PutAsJsonAsync($"/api/v1/components/{component.Id}/language", new { language = "Cobol" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var admin = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/components/{Guid.NewGuid()}/language/detect", null)).StatusCode);
    }

    private string WorkDirectory => Path.Combine(fixture.Console.DataDir, "work");

    private static async Task<JsonElement> GetLanguageAsync(HttpClient client, Guid componentId)
    {
        var response = await client.GetAsync($"/api/v1/components/{componentId}/language");
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET language answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static async Task<JsonElement> DetectAsync(HttpClient client, Guid componentId)
    {
        var response = await client.PostAsync($"/api/v1/components/{componentId}/language/detect", null);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"re-detect answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static async Task<JsonElement> SetLanguageAsync(HttpClient client, Guid componentId, string? language)
    {
        var response = await client.PutAsJsonAsync($"/api/v1/components/{componentId}/language", new { language });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT language answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
