using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorConsole.Benchmarks.Infrastructure;
using BlazorConsole.Git.Webhooks;
using BlazorConsole.TestSupport;
using BlazorConsole.Pipeline.Workers;
using BlazorConsole.Web.Features.Components;

namespace BlazorConsole.Benchmarks.Scenarios;

/// <summary>
/// trigger-latency: a signed GitHub push of a tiny static repository (served over smart HTTP on 127.0.0.1) → the
/// moment a build worker begins its checkout. Timed from the moment the webhook request is sent, so the receiver's own
/// verify/persist is included. Builds run one after another (each finishes before the next push), so a worker is always
/// idle and the figure is the queue's hand-off, not waiting for a busy worker. Target: p95 ≤ 50 ms over ≥ 200 builds.
/// </summary>
internal sealed class TriggerLatencyScenario : IScenario
{
    public string Name => "trigger-latency";

    public string Description => "webhook accepted → worker begins checkout, over ≥ 200 builds of a tiny static site";

    public async Task<ScenarioResult> RunAsync(bool quick, TextWriter progress, CancellationToken cancellationToken)
    {
        // --quick keeps the whole real path (webhook, queue, worker, checkout, static buildpack) with fewer builds.
        var builds = quick ? 40 : 200;
        var root = Directory.CreateTempSubdirectory("bc-bench-trigger-").FullName;
        try
        {
            var repo = GitTestRepository.Create(root, "site");
            repo.WriteFile("index.html", "<h1>bench</h1>");
            var sha = repo.CommitAndPush("site");
            await using var server = await GitSmartHttpServer.StartAsync(root);
            // Measures push → checkout start only: deploying 200 static builds is the deploy-overhead scenario's business.
            await using var host = await BenchHost.StartAsync(new Dictionary<string, string?> { ["Builds:DeployAfterBuild"] = "false" });
            using var client = host.CreateClient(BenchHost.AdminToken);

            var (componentId, secret) = await host.CreateComponentAsync("trigger", server.UrlFor(repo.Name), "main", cancellationToken);

            var json = JsonNode.Parse(ProviderFixtures.Bytes("go-scm/github/push.json"))!;
            json["ref"] = "refs/heads/main";
            json["after"] = sha;
            json["head_commit"]!["id"] = sha;
            var body = Encoding.UTF8.GetBytes(json.ToJsonString());
            var signature = "sha256=" + WebhookSignatures.HexHmacSha256(body, secret);

            var running = host.Services.GetRequiredService<RunningBuilds>();
            var events = host.Services.GetRequiredService<ComponentEvents>();
            var started = new ConcurrentDictionary<long, long>();
            var startSignal = new SemaphoreSlim(0);
            var changed = new SemaphoreSlim(0);
            running.Starting += id =>
            {
                started[id] = Stopwatch.GetTimestamp();
                startSignal.Release();
            };
            events.Changed += _ => changed.Release();

            var latencies = new List<double>();
            var failed = 0;
            var total = builds + 5; // the first five warm up the path (JIT, mirror clone) and are not counted
            progress.WriteLine($"{total} pushes, one build at a time ({Environment.ProcessorCount} cores)…");
            for (var i = 0; i < total; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/console/webhooks/{componentId}") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add("X-GitHub-Event", "push");
                request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
                request.Headers.Add("X-Hub-Signature-256", signature);
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request, cancellationToken);
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"push {i} answered {(int)response.StatusCode}: {answer.RootElement}");
                }

                var buildId = answer.RootElement.GetProperty("buildId").GetInt64();
                long at;
                while (!started.TryGetValue(buildId, out at))
                {
                    if (!await startSignal.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))
                    {
                        throw new TimeoutException($"build {buildId} never started");
                    }
                }

                if (i >= 5)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
                }

                // Wait for the build to finish, so the next push finds an idle worker and an idle component.
                var status = await WaitFinishedAsync(client, buildId, changed, cancellationToken);
                if (status != "Succeeded")
                {
                    failed++;
                }
            }

            var p50 = Percentiles.Of(latencies, 0.50);
            var p95 = Percentiles.Of(latencies, 0.95);
            progress.WriteLine($"builds {latencies.Count}: p50 {p50:0.0} ms, p95 {p95:0.0} ms, max {latencies.Max():0.0} ms, failed builds {failed}");
            return new ScenarioResult(new Dictionary<string, object>
            {
                ["builds"] = latencies.Count,
                ["p50Ms"] = Math.Round(p50, 1),
                ["p95Ms"] = Math.Round(p95, 1),
                ["failedBuilds"] = failed,
                ["cores"] = Environment.ProcessorCount,
            }, p95 <= 50 && failed == 0);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> WaitFinishedAsync(HttpClient client, long buildId, SemaphoreSlim changed, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var build = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/builds/{buildId}", cancellationToken));
            var status = build.RootElement.GetProperty("status").GetString()!;
            if (status is not ("Queued" or "Running" or "AwaitingApproval"))
            {
                return status;
            }

            await changed.WaitAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"build {buildId} did not finish");
    }
}
