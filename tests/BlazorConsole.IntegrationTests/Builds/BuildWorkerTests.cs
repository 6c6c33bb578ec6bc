using System.Net;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>
/// Builds end to end through the running console: webhook or API → queue → worker → checkout over authenticated smart
/// HTTP → buildpack (real child processes) → status, commit and log in the API.
/// </summary>
public class BuildWorkerTests(BuildWorkerFixture fixture) : IClassFixture<BuildWorkerFixture>
{
    private BuildTestSupport Support => fixture.Support;

    [Fact]
    public async Task A_push_webhook_builds_to_Succeeded_with_commit_timings_and_log()
    {
        var (repo, sha) = Support.Push(StaticSite);
        var component = await Support.ComponentAsync(repo);

        var accepted = await Support.PushWebhookAsync(component, sha);
        var buildId = accepted.GetProperty("buildId").GetInt64();
        var build = await Support.WaitForStatusAsync(buildId);

        var log = await Support.LogAsync(buildId);
        Assert.True(Status(build) == "Succeeded", $"{build}\n{log}");
        Assert.Equal(sha, build.GetProperty("commitSha").GetString());
        Assert.Equal("refs/heads/main", build.GetProperty("ref").GetString());
        Assert.True(build.GetProperty("startedAt").GetDateTimeOffset() <= build.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Contains("Buildpack: Static", log, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", log, StringComparison.Ordinal);

        // ?from=N starts at line N: the first line is gone, the rest is the same.
        var lines = log.TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join('\n', lines.Skip(1)) + "\n", await Support.LogAsync(buildId, from: 2));

        // The build page (server-rendered first) and its download link, with the sign-in cookie.
        using var browser = await Support.AdminBrowserAsync();
        var page = await browser.GetStringAsync($"/builds/{buildId}");
        Assert.Contains("Build #1", page, StringComparison.Ordinal);
        Assert.Contains("Succeeded", page, StringComparison.Ordinal);
        Assert.Contains(sha[..8], page, StringComparison.Ordinal);
        Assert.Equal(log, await browser.GetStringAsync($"/builds/{buildId}/log.txt"));
        Assert.Contains($"/builds/{buildId}", await browser.GetStringAsync($"/components/{component.Id}/builds"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_npm_build_is_Failed_with_the_error_in_its_log()
    {
        var (repo, _) = Support.Push(("package.json",
            """{ "name": "broken", "version": "1.0.0", "scripts": { "build": "node -e \"console.error('boom: cannot find module left-pad'); process.exit(2)\"" } }"""));
        var component = await Support.ComponentAsync(repo);

        var buildId = await Support.ManualBuildAsync(component.Id);
        var build = await Support.WaitForStatusAsync(buildId);

        Assert.Equal("Failed", Status(build));
        Assert.Contains("boom: cannot find module left-pad", await Support.LogAsync(buildId), StringComparison.Ordinal);
        var detail = await fixture.Console.WithDbAsync(db => db.Builds.Where(b => b.Id == buildId).Select(b => b.StatusDetail).SingleAsync());
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.Equal(40, build.GetProperty("commitSha").GetString()!.Length); // resolved from the ref at checkout
    }

    [Fact]
    public async Task Cancel_kills_the_process_tree_and_the_build_is_Canceled()
    {
        var (repo, _) = Support.Push(SlowPackageJson);
        var component = await Support.ComponentAsync(repo);
        var buildId = await Support.ManualBuildAsync(component.Id);
        var sleeper = HostPid(int.Parse(await Support.WaitForLogValueAsync(buildId, "child-pid="), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(IsAlive(sleeper), "the grandchild runs before the cancel");

        using var client = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/builds/{buildId}/cancel", null)).StatusCode);
        var build = await Support.WaitForStatusAsync(buildId);

        Assert.Equal("Canceled", Status(build));
        await WaitUntilGoneAsync(sleeper);
        var detail = await fixture.Console.WithDbAsync(db => db.Builds.Where(b => b.Id == buildId).Select(b => b.StatusDetail).SingleAsync());
        Assert.Equal($"canceled by {ConsoleFactory.AdminEmail}", detail);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/builds/{buildId}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task One_build_runs_per_component_and_a_newer_queued_build_supersedes_older_ones()
    {
        var (repo, _) = Support.Push(SlowPackageJson);
        var component = await Support.ComponentAsync(repo);
        var first = await Support.ManualBuildAsync(component.Id);
        var sleeper = HostPid(int.Parse(await Support.WaitForLogValueAsync(first, "child-pid="), System.Globalization.CultureInfo.InvariantCulture));

        var second = await Support.ManualBuildAsync(component.Id);
        var third = await Support.ManualBuildAsync(component.Id);

        var superseded = await Support.WaitForStatusAsync(second, ["Superseded"], seconds: 30);
        Assert.Equal("Superseded", Status(superseded));
        var detail = await fixture.Console.WithDbAsync(db => db.Builds.Where(b => b.Id == second).Select(b => b.StatusDetail).SingleAsync());
        Assert.Equal("superseded by build #3", detail);
        // The newest waits while the component's first build runs (there is a free worker).
        Assert.Equal("Queued", Status(await Support.BuildAsync(third)));
        Assert.Equal("Running", Status(await Support.BuildAsync(first)));

        using var client = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        await client.PostAsync($"/api/v1/builds/{third}/cancel", null);
        await client.PostAsync($"/api/v1/builds/{first}/cancel", null);
        Assert.Equal("Canceled", Status(await Support.WaitForStatusAsync(third)));
        Assert.Equal("Canceled", Status(await Support.WaitForStatusAsync(first)));
        await WaitUntilGoneAsync(sleeper);
    }

    [Fact]
    public async Task A_build_awaiting_approval_runs_once_a_team_admin_approves_and_ends_when_rejected()
    {
        var (repo, _) = Support.Push(StaticSite);
        var component = await Support.ComponentAsync(repo, requireApproval: true);
        var developer = await fixture.Console.CreateUserAsync($"dev-{Guid.NewGuid():N}@example.test", TeamRole.Developer);

        var approved = await Support.ManualBuildAsync(component.Id, developer.Token);
        Assert.Equal("AwaitingApproval", Status(await Support.BuildAsync(approved)));
        using (var asDeveloper = fixture.Console.CreateApiClient(developer.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await asDeveloper.PostAsync($"/api/v1/builds/{approved}/approve", null)).StatusCode);
        }

        using (var browser = await Support.AdminBrowserAsync())
        {
            Assert.Contains($"/builds/{approved}", await browser.GetStringAsync("/approvals"), StringComparison.Ordinal);
        }

        using var admin = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/builds/{approved}/approve", null)).StatusCode);
        Assert.Equal("Succeeded", Status(await Support.WaitForStatusAsync(approved)));

        var rejected = await Support.ManualBuildAsync(component.Id, developer.Token);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/builds/{rejected}/reject", null)).StatusCode);
        Assert.Equal("Canceled", Status(await Support.BuildAsync(rejected)));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/builds/{rejected}/approve", null)).StatusCode);

        var (detail, audit) = await fixture.Console.WithDbAsync(async db => (
            await db.Builds.Where(b => b.Id == rejected).Select(b => b.StatusDetail).SingleAsync(),
            await db.AuditEntries.Where(e => e.Target == $"build {approved}" || e.Target == $"build {rejected}").Select(e => e.Action).ToListAsync()));
        Assert.Equal($"rejected by {ConsoleFactory.AdminEmail}", detail);
        Assert.Equal(["build-approved", "build-rejected"], audit.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_git_password_never_reaches_a_log_file_or_the_database()
    {
        // The build prints a file that holds the password: the redaction filter must mask it.
        var (repo, _) = Support.Push(
            ("notes.txt", $"deploy with {GitPassword} please"),
            ("package.json", """{ "name": "leaky", "version": "1.0.0", "scripts": { "build": "node -e \"console.log(require('fs').readFileSync('notes.txt','utf8'))\"" } }"""));
        var component = await Support.ComponentAsync(repo);
        var buildId = await Support.ManualBuildAsync(component.Id);
        Assert.Equal("Succeeded", Status(await Support.WaitForStatusAsync(buildId)));
        Assert.Contains("deploy with", await Support.LogAsync(buildId), StringComparison.Ordinal);

        var dataDir = fixture.Console.DataDir;
        var database = await fixture.Console.StoredDatabaseAsync();
        Assert.NotEmpty(database);
        var candidates = Directory.EnumerateFiles(Path.Combine(dataDir, "logs"), "*", SearchOption.AllDirectories)
            .Select(f => (Name: f, Bytes: ReadShared(f)))
            .Concat(database)
            .ToList();
        var needle = System.Text.Encoding.UTF8.GetBytes(GitPassword);
        var leaks = candidates.Where(f => f.Bytes.AsSpan().IndexOf(needle) >= 0).Select(f => f.Name).ToList();
        Assert.True(leaks.Count == 0, "The password is in: " + string.Join(", ", leaks));
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
