using System.Diagnostics;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorConsole.Benchmarks;

/// <summary>
/// incremental-fetch: a repository with 5,000 commits served over authenticated smart HTTP (git-http-backend behind
/// Kestrel on 127.0.0.1); the first checkout (clone into a new mirror) against the second after one new commit
/// (fetch of the delta into the same mirror). The first checkout writes every file; the second starts from the source
/// snapshot of the first (written in the background while a build would run) and writes only the changed file.
/// Both give a build directory with exactly the files of their commit. Target: ratio ≤ 0.10.
/// </summary>
public sealed class IncrementalFetchScenario : IScenario
{
    private const string User = "bench";
    private const string Password = "bench-password-1";

    public string Name => "incremental-fetch";

    public string Description => "first checkout of a 5,000-commit repository vs the second after one new commit";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Describe(CheckoutResult r) =>
        $"{r.Elapsed.TotalMilliseconds:0} ms = mirror {r.MirrorElapsed.TotalMilliseconds:0} ms ({r.ReceivedObjects} objects, {r.ReceivedBytes / 1024.0:0.#} KiB, "
        + $"created: {r.MirrorCreated}) + {r.Files} files ({r.FilesWritten} written) {(r.Elapsed - r.MirrorElapsed).TotalMilliseconds:0} ms";

    public async Task<ScenarioResult> RunAsync(bool quick, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var commits = quick ? 500 : 5000;
        var root = Directory.CreateTempSubdirectory("bc-bench-fetch-");
        try
        {
            var repos = Directory.CreateDirectory(Path.Combine(root.FullName, "repos")).FullName;
            var checkout = new GitCheckout(new PipelinePaths(Path.Combine(root.FullName, "data-warm")), NullLogger<GitCheckout>.Instance, LoopbackOutbound.Guard);
            var credentials = GitCredentials.Basic(User, Password);
            await using var server = await GitSmartHttpServer.StartAsync(repos, User, Password);

            // Warm-up on another repository: native library load and JIT are not part of either figure.
            var warm = GitTestRepository.Create(repos, "warm-up");
            warm.WriteFile("README.md", "warm\n").CommitAndPush("warm-up");
            await checkout.CheckoutAsync(new CheckoutRequest(server.UrlFor(warm.Name), Path.Combine(root.FullName, "w1"), Ref: "main", Credentials: credentials),
                cancellationToken: cancellationToken);

            var watch = Stopwatch.StartNew();
            var repo = GitTestRepository.Create(repos, "big");
            repo.WriteFile("README.md", "big repository\n").CommitAndPush("initial");
            repo.ImportHistory(commits, files: 200);
            await progress.WriteLineAsync($"created {commits} commits in {watch.ElapsedMilliseconds} ms; serving at {server.BaseUrl}");

            var url = server.UrlFor(repo.Name);
            var rounds = quick ? 1 : 5;
            var firsts = new List<CheckoutResult>();
            var seconds = new List<CheckoutResult>();
            var correct = true;
            for (var round = 1; round <= rounds; round++)
            {
                // Each round: a fresh mirror (first checkout), one new commit pushed, the same mirror again (second).
                var roundCheckout = new GitCheckout(new PipelinePaths(Path.Combine(root.FullName, $"data-{round}")), NullLogger<GitCheckout>.Instance, LoopbackOutbound.Guard);
                var first = await roundCheckout.CheckoutAsync(new CheckoutRequest(url, Path.Combine(root.FullName, $"b{round}-1"), Ref: "main", Credentials: credentials),
                    cancellationToken: cancellationToken);
                await progress.WriteLineAsync($"round {round} first checkout: {Describe(first)}");

                // A build runs between two pushes in real life; the source snapshot is written meanwhile, in the background.
                await roundCheckout.WhenSnapshotsWrittenAsync();

                repo.WriteFile("src/file0007.txt", $"change {round}\n");
                var newSha = repo.CommitAndPush($"one new commit ({round})");

                var second = await roundCheckout.CheckoutAsync(new CheckoutRequest(url, Path.Combine(root.FullName, $"b{round}-2"), Ref: "main", Credentials: credentials),
                    cancellationToken: cancellationToken);
                await progress.WriteLineAsync($"round {round} second checkout: {Describe(second)}");
                await roundCheckout.WhenSnapshotsWrittenAsync();
                firsts.Add(first);
                seconds.Add(second);
                correct &= !second.MirrorCreated && second.CommitSha == newSha
                    && File.ReadAllText(Path.Combine(second.Directory, "src", "file0007.txt")) == $"change {round}\n";
            }

            if (!correct)
            {
                await progress.WriteLineAsync("a second checkout did not reuse its mirror or did not get the new commit");
            }

            var firstMs = Median(firsts.Select(r => r.Elapsed.TotalMilliseconds));
            var secondMs = Median(seconds.Select(r => r.Elapsed.TotalMilliseconds));
            var firstMirrorMs = Median(firsts.Select(r => r.MirrorElapsed.TotalMilliseconds));
            var secondMirrorMs = Median(seconds.Select(r => r.MirrorElapsed.TotalMilliseconds));
            var ratio = secondMs / firstMs;
            return new ScenarioResult(
                new Dictionary<string, object>
                {
                    ["commits"] = commits,
                    ["rounds"] = rounds,
                    ["firstMs"] = Math.Round(firstMs, 1),
                    ["secondMs"] = Math.Round(secondMs, 1),
                    ["ratio"] = Math.Round(ratio, 4),
                    ["firstMirrorMs"] = Math.Round(firstMirrorMs, 1),
                    ["secondMirrorMs"] = Math.Round(secondMirrorMs, 1),
                    ["mirrorRatio"] = Math.Round(secondMirrorMs / firstMirrorMs, 4),
                    ["files"] = seconds[0].Files,
                    ["firstObjects"] = firsts[0].ReceivedObjects,
                    ["secondObjects"] = seconds.Max(r => r.ReceivedObjects),
                },
                correct && ratio <= 0.10);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
