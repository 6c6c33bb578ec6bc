using System.Diagnostics;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Benchmarks.Scenarios;

/// <summary>
/// sandbox-overhead: the same static-site and Node builds (checkout from a real smart-HTTP server, buildpack, artifact)
/// through the real <see cref="BuildRunner"/> with <c>Builds:Sandbox=bubblewrap</c> and with <c>none</c>, alternating
/// round by round in one run. Figures: medians of one round (both builds) per mode, and their ratio. Target ≤ 1.15.
/// </summary>
public sealed class SandboxOverheadScenario : IScenario
{
    private const string User = "bench";
    private const string Password = "bench-password-1";

    public string Name => "sandbox-overhead";

    public string Description => "static-site and Node builds with Builds:Sandbox=bubblewrap vs none, alternating";

    public async Task<ScenarioResult> RunAsync(bool quick, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var rounds = quick ? 4 : 20;
        var root = TestDirectories.CreateTraversable("bc-bench-sandbox-");
        try
        {
            var repos = Directory.CreateDirectory(Path.Combine(root.FullName, "repos")).FullName;
            await using var server = await GitSmartHttpServer.StartAsync(repos, User, Password);
            var site = GitTestRepository.Create(repos, "site");
            var siteSha = site.WriteFile("index.html", "<h1>bench</h1>").WriteFile("style.css", "h1 { color: teal }").CommitAndPush("site");
            var node = GitTestRepository.Create(repos, "node");
            var nodeSha = node.WriteFile("package.json", """{ "name": "bench", "version": "1.0.0", "scripts": { "build": "node -e \"require('fs').writeFileSync('built.txt', 'ok')\"", "start": "node server.js" } }""")
                .WriteFile("server.js", "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);").CommitAndPush("node");

            await using var sandboxed = Runner(Path.Combine(root.FullName, "data-sandboxed"), "bubblewrap");
            await using var plain = Runner(Path.Combine(root.FullName, "data-plain"), "none");
            var times = new Dictionary<string, List<double>> { ["bubblewrap"] = [], ["none"] = [] };
            var failures = 0;
            for (var round = 0; round <= rounds; round++)
            {
                // Alternate which mode goes first so neither always gets the warmer caches; round 0 is a warm-up.
                foreach (var (mode, services) in round % 2 == 0 ? new[] { ("bubblewrap", sandboxed), ("none", plain) } : [("none", plain), ("bubblewrap", sandboxed)])
                {
                    var runner = services.GetRequiredService<BuildRunner>();
                    var watch = Stopwatch.StartNew();
                    foreach (var (repo, sha, kind) in new[] { (site, siteSha, "s"), (node, nodeSha, "n") })
                    {
                        var result = await runner.RunAsync(new BuildRequest("bench-" + kind, $"{kind}{round}", server.UrlFor(repo.Name))
                        {
                            CommitSha = sha,
                            Credentials = GitCredentials.Basic(User, Password),
                        }, cancellationToken);
                        if (result.Outcome != BuildOutcome.Succeeded)
                        {
                            failures++;
                            await progress.WriteLineAsync($"{mode} {kind}{round} failed: {result.FailureReason}");
                        }
                    }

                    if (round > 0)
                    {
                        times[mode].Add(watch.Elapsed.TotalMilliseconds);
                    }

                    await progress.WriteLineAsync($"round {round} {mode}: {watch.Elapsed.TotalMilliseconds:0} ms");
                }
            }

            var sandboxedMs = Median(times["bubblewrap"]);
            var plainMs = Median(times["none"]);
            var ratio = sandboxedMs / plainMs;
            return new ScenarioResult(
                new Dictionary<string, object>
                {
                    ["rounds"] = rounds,
                    ["sandboxedMs"] = Math.Round(sandboxedMs, 1),
                    ["plainMs"] = Math.Round(plainMs, 1),
                    ["ratio"] = Math.Round(ratio, 3),
                    ["failures"] = failures,
                },
                failures == 0 && ratio <= 1.15);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static ServiceProvider Runner(string dataDirectory, string sandbox) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Builds:Sandbox"] = sandbox,
                ["Outbound:AllowLoopback"] = "true",
            }).Build())
            .AddLogging()
            .AddBuildPipelineBlocks(_ => dataDirectory)
            .BuildServiceProvider();

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
