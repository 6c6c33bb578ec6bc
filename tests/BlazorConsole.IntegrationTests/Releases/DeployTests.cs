using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using BlazorConsole.Domain.Releases;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Releases;

/// <summary>
/// Real artifacts run as real child processes and are served through the console's own Kestrel port by Host header:
/// deploy, zero-downtime swap under load, a failing health check, rollback, crash restart, stop and start.
/// </summary>
public sealed class DeployTests(DeployConsoleFactory factory) : IClassFixture<DeployConsoleFactory>, IDisposable
{
    private readonly Artifacts artifacts = new();
    private readonly HttpClient app = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Node_app_deploys_swaps_without_errors_survives_a_bad_release_rolls_back_and_restarts_after_kill()
    {
        var (id, host) = await CreateComponentAsync("node");
        var deployer = factory.Services.GetRequiredService<IDeployer>();
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);

        // Variables: a secret is stored encrypted, never returned, and reaches the process; the console's own do not.
        var put = await api.PutAsJsonAsync($"/api/v1/components/{id}/env", new { variables = new object[] { new { name = "GREETING", value = "hello", secret = false }, new { name = "API_SECRET", value = "s3cr3t-value-42", secret = true } } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var listed = await (await api.GetAsync($"/api/v1/components/{id}/env")).ReadJsonAsync();
        Assert.DoesNotContain("s3cr3t-value-42", listed.ToString(), StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(db => db.ComponentVariables.SingleAsync(v => v.ComponentId == id && v.Name == "API_SECRET"));
        Assert.Null(stored.Value);
        Assert.DoesNotContain("s3cr3t-value-42", stored.ValueProtected!, StringComparison.Ordinal);

        // v1 deploys and answers through the console's port with the component's Host header.
        var v1 = await deployer.DeployAsync(id, 1, ReleaseArtifact.InDirectory(artifacts.NodeApp("node-v1")), "node server.js", CancellationToken.None);
        Assert.True(v1.Succeeded, v1.Detail + "\n" + v1.HealthLog);
        Assert.Equal((HttpStatusCode.OK, "node-v1 "), await factory.GetAppAsync(app, host));
        var env = (await factory.GetAppAsync(app, host, "/env")).Body;
        Assert.Contains("greeting=hello secret=s3cr3t-value-42 console=0", env, StringComparison.Ordinal);
        var release = await ReleaseAsync(api, id);
        Assert.Equal("Running", release.GetProperty("status").GetString());
        Assert.Equal(1, release.GetProperty("buildId").GetInt64());
        Assert.StartsWith($"http://{host}:", release.GetProperty("url").GetString(), StringComparison.Ordinal);

        // v2 while a loop sends requests continuously: no non-2xx answer, then v2 is served.
        var (errors, served) = await UnderLoadAsync(host, () => deployer.DeployAsync(id, 2, ReleaseArtifact.InDirectory(artifacts.NodeApp("node-v2")), "node server.js", CancellationToken.None));
        Assert.True(errors.Count == 0, "Errors during the swap:\n" + string.Join("\n", errors.Take(20)));
        Assert.Contains("node-v1 ", served);
        Assert.Contains("node-v2 ", served);
        Assert.Equal((HttpStatusCode.OK, "node-v2 "), await factory.GetAppAsync(app, host));

        // The runtime log has the apps' output, with secret values masked.
        var runtimeLog = await api.GetStringAsync($"/api/v1/components/{id}/runtime-log");
        Assert.Contains("listening; secret=***", runtimeLog, StringComparison.Ordinal);
        Assert.Contains("route switched", runtimeLog, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value-42", runtimeLog, StringComparison.Ordinal);

        // v3 fails its health check (HTTP 500): Failed with the health log, v2 keeps serving.
        var v3 = await deployer.DeployAsync(id, 3, ReleaseArtifact.InDirectory(artifacts.NodeApp("node-v3", status: 500)), "node server.js", CancellationToken.None);
        Assert.Equal(ReleaseStatus.Failed, v3.Status);
        Assert.Contains("HTTP 500", v3.HealthLog, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "node-v2 "), await factory.GetAppAsync(app, host));
        release = await ReleaseAsync(api, id);
        Assert.Equal("Running", release.GetProperty("status").GetString());
        Assert.Equal(2, release.GetProperty("buildId").GetInt64());
        Assert.Equal("Failed", release.GetProperty("latestAttempt").GetProperty("status").GetString());
        Assert.Equal(ReleaseStatus.Failed, await factory.WithDbAsync(db => db.Releases.Where(r => r.Id == v3.ReleaseId).Select(r => r.Status).SingleAsync()));

        // Rollback to v1 through the API serves v1.
        var rollback = await api.PostAsJsonAsync($"/api/v1/components/{id}/rollback", new { buildId = 1 });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "node-v1 "), await factory.GetAppAsync(app, host));
        Assert.Equal(1, (await ReleaseAsync(api, id)).GetProperty("buildId").GetInt64());
        Assert.Equal([1L], await factory.Services.GetRequiredService<ReleaseManager>().BuildsInUseAsync(id));

        // kill -9 of the app: the supervisor restarts it (a new pid) and it serves again.
        var pid = (await ReleaseAsync(api, id)).GetProperty("pid").GetInt32();
        Process.GetProcessById(pid).Kill();
        await EventuallyAsync(async () =>
        {
            var now = await ReleaseAsync(api, id);
            return now.GetProperty("pid").ValueKind == System.Text.Json.JsonValueKind.Number && now.GetProperty("pid").GetInt32() != pid
                && now.GetProperty("restarts").GetInt32() >= 1 && (await factory.GetAppAsync(app, host)).Body == "node-v1 ";
        }, "the killed app to be restarted");

        // Stop: the URL stops answering with the app; start: it is back.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/components/{id}/stop", null)).StatusCode);
        Assert.Equal("Stopped", (await ReleaseAsync(api, id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.GetAppAsync(app, host)).Status);
        Assert.False(IsAlive(pid));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/components/{id}/start", null)).StatusCode);
        Assert.Equal((HttpStatusCode.OK, "node-v1 "), await factory.GetAppAsync(app, host));

        // Every action people took is in the audit log, with its outcome; variable values are not.
        var audit = await api.GetStringAsync("/api/v1/platform/audit?take=1000");
        foreach (var action in new[] { "variables-replaced", "release-rollback", "release-stop", "release-start" })
        {
            Assert.Contains($"\"{action}\"", audit, StringComparison.Ordinal);
        }

        Assert.Contains($"component {id}", audit, StringComparison.Ordinal);
        Assert.Contains("to build 1: Running", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value-42", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_that_keeps_crashing_is_restarted_with_backoff_and_shown_as_a_crash_loop()
    {
        var (id, _) = await CreateComponentAsync("crashy");
        var deployer = factory.Services.GetRequiredService<IDeployer>();
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);

        var deployed = await deployer.DeployAsync(id, 1, ReleaseArtifact.InDirectory(artifacts.CrashingNodeApp(lifetimeMs: 400)), "node server.js", CancellationToken.None);
        Assert.True(deployed.Succeeded, deployed.Detail + "\n" + deployed.HealthLog);

        await EventuallyAsync(async () => (await ReleaseAsync(api, id)).GetProperty("state").GetString() == "CrashLoop", "the crash loop state");
        var release = await ReleaseAsync(api, id);
        Assert.True(release.GetProperty("restarts").GetInt32() >= 3, release.ToString());
        Assert.Contains("exit code 3", release.GetProperty("lastExit").GetString(), StringComparison.Ordinal);
        Assert.Contains("crash loop", await api.GetStringAsync($"/api/v1/components/{id}/runtime-log"), StringComparison.Ordinal);

        // Stopping ends the loop: no more restarts, state Stopped.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/components/{id}/stop", null)).StatusCode);
        release = await ReleaseAsync(api, id);
        Assert.Equal("Stopped", release.GetProperty("status").GetString());
        Assert.Equal("Stopped", release.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Static_site_swaps_without_errors()
    {
        var (id, host) = await CreateComponentAsync("site");
        var deployer = factory.Services.GetRequiredService<IDeployer>();
        var v1 = await deployer.DeployAsync(id, 1, ReleaseArtifact.InDirectory(artifacts.StaticSite("static-v1")), null, CancellationToken.None);
        Assert.True(v1.Succeeded, v1.Detail + "\n" + v1.HealthLog);
        Assert.Contains("static-v1", (await factory.GetAppAsync(app, host)).Body, StringComparison.Ordinal);

        var (errors, _) = await UnderLoadAsync(host, () => deployer.DeployAsync(id, 2, ReleaseArtifact.InDirectory(artifacts.StaticSite("static-v2")), null, CancellationToken.None));
        Assert.True(errors.Count == 0, "Errors during the swap:\n" + string.Join("\n", errors.Take(20)));
        Assert.Contains("static-v2", (await factory.GetAppAsync(app, host)).Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.GetAppAsync(app, host, "/missing.html")).Status);
    }

    [Fact]
    public async Task An_apps_domain_host_without_a_release_gets_404_and_the_console_host_is_untouched()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await factory.GetAppAsync(app, "nothing-here.apps.localhost")).Status);
        using var console = factory.CreateSocketClient();
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/healthz")).StatusCode);
    }

    private async Task<(Guid Id, string Host)> CreateComponentAsync(string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..6];
        var component = await factory.CreateComponentAsync(new { name, application = "deploys", gitUrl = "https://example.test/app.git", branch = "main", triggerKeyword = "" });
        return (component.Id, name + ".apps.localhost");
    }

    private static async Task<System.Text.Json.JsonElement> ReleaseAsync(HttpClient api, Guid id)
    {
        var response = await api.GetAsync($"/api/v1/components/{id}/release");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>Runs <paramref name="deploy"/> while two loops request the app without pause; every non-2xx or failure is an error.</summary>
    private async Task<(List<string> Errors, HashSet<string> Served)> UnderLoadAsync(string host, Func<Task<ReleaseResult>> deploy)
    {
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var served = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        using var stop = new CancellationTokenSource();
        var count = 0;
        async Task LoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var (status, body) = await factory.GetAppAsync(app, host);
                    Interlocked.Increment(ref count);
                    if ((int)status is < 200 or > 299)
                    {
                        errors.Add($"{(int)status} {body}");
                    }
                    else
                    {
                        served[body.Contains("<html>", StringComparison.Ordinal) ? body[(body.IndexOf("<body>", StringComparison.Ordinal) + 6)..body.IndexOf("</body>", StringComparison.Ordinal)] : body] = true;
                    }
                }
                catch (HttpRequestException ex)
                {
                    errors.Add(ex.Message);
                }
            }
        }

        var loops = new[] { Task.Run(LoopAsync), Task.Run(LoopAsync) };
        await Task.Delay(200);
        var result = await deploy();
        Assert.True(result.Succeeded, result.Detail + "\n" + result.HealthLog);
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        Assert.True(count > 20, $"Only {count} requests were sent during the swap.");
        return (errors.ToList(), served.Keys.ToHashSet());
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not yet back.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        artifacts.Dispose();
        app.Dispose();
    }
}
