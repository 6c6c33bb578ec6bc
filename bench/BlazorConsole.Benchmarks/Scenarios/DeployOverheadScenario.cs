using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.Benchmarks.Infrastructure;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.TestSupport;

namespace BlazorConsole.Benchmarks.Scenarios;

/// <summary>
/// deploy-overhead: a static site is deployed (v1), then new versions are deployed while callers request the app
/// through the console's port by Host header without pause. overheadMs = time from "artifact ready" (the deployer is
/// called) to the first answer with the new content, i.e. the deploy's own cost without the build tool's time;
/// errorsDuringSwap = every non-2xx answer or failed request while swapping. Targets: ≤ 2,000 ms, 0 errors.
/// With <c>--runtime docker</c> each version is a FROM-scratch busybox image built before the timed window and released
/// as a container: the same figures, target ≤ 3,000 ms.
/// </summary>
internal sealed class DeployOverheadScenario : IScenario
{
    public string Name => "deploy-overhead";

    public string Description => "static site: artifact ready → new content served, errors during the swap";

    public async Task<ScenarioResult> RunAsync(bool quick, TextWriter progress, CancellationToken cancellationToken)
    {
        var rounds = quick ? 3 : 10;
        // Traversable: the release runs as the sandbox user, who must reach the artifact as it reaches one under the data dir.
        var artifacts = TestDirectories.CreateTraversable("bc-bench-art-").FullName;
        var imagesToRemove = new List<string>();
        try
        {
            var settings = new Dictionary<string, string?> { ["Runtime:DrainSeconds"] = "1" };
            if (BenchDocker.IsDocker)
            {
                settings["Docker:Endpoint"] = BenchDocker.Endpoint;
                settings["Docker:KeepContainersOnShutdown"] = "false"; // the bench's containers go with its console
            }

            await using var host = await BenchHost.StartAsync(settings);
            using var client = host.CreateClient();
            var componentId = (await host.CreateComponentAsync("site", "https://example.test/site.git", "main", cancellationToken)).Id;
            var appHost = $"site.apps.localhost:{host.BaseAddress.Port}";
            var deployer = host.Services.GetRequiredService<IDeployer>();

            async Task<ReleaseArtifact> ArtifactAsync(int version)
            {
                if (!BenchDocker.IsDocker)
                {
                    return ReleaseArtifact.InDirectory(Site(version));
                }

                var context = Directory.CreateDirectory(Path.Combine(artifacts, "image-v" + version.ToString(CultureInfo.InvariantCulture))).FullName;
                TestDocker.WriteBusyboxSite(context, $"<html><body>site v{version}</body></html>");
                var tag = $"blazorconsole-bench/site-{componentId:N}:{version}";
                await BenchDocker.BuildAsync(context, tag, cancellationToken);
                imagesToRemove.Add(tag);
                return ReleaseArtifact.OfImage(tag);
            }

            string Site(int version)
            {
                // What the static buildpack leaves: the files, no start command.
                var directory = Directory.CreateDirectory(Path.Combine(artifacts, "v" + version.ToString(CultureInfo.InvariantCulture))).FullName;
                File.WriteAllText(Path.Combine(directory, "index.html"), $"<html><body>site v{version}</body></html>");
                File.WriteAllText(Path.Combine(directory, "style.css"), "body { font-family: sans-serif; }");
                return directory;
            }

            progress.WriteLine($"deploying v1 on the {BenchDocker.Runtime} runtime ({Environment.ProcessorCount} cores)…");
            var first = await deployer.DeployAsync(componentId, 1, await ArtifactAsync(1), null, cancellationToken);
            if (!first.Succeeded)
            {
                throw new InvalidOperationException("v1 did not deploy: " + first.Detail + "\n" + first.HealthLog);
            }

            var overheads = new List<double>();
            long errors = 0, requests = 0;
            var errorSamples = new List<string>();
            for (var version = 2; version <= rounds + 1; version++)
            {
                var expected = $"site v{version}";
                var artifact = await ArtifactAsync(version);
                long seenAt = 0;
                using var stop = new CancellationTokenSource();
                async Task LoopAsync()
                {
                    while (!stop.IsCancellationRequested)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                        request.Headers.Host = appHost;
                        try
                        {
                            using var response = await client.SendAsync(request, CancellationToken.None);
                            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                            Interlocked.Increment(ref requests);
                            if (!response.IsSuccessStatusCode)
                            {
                                Interlocked.Increment(ref errors);
                                lock (errorSamples)
                                {
                                    errorSamples.Add($"{(int)response.StatusCode} {body}");
                                }
                            }
                            else if (body.Contains(expected, StringComparison.Ordinal))
                            {
                                Interlocked.CompareExchange(ref seenAt, Stopwatch.GetTimestamp(), 0);
                            }
                        }
                        catch (HttpRequestException ex)
                        {
                            Interlocked.Increment(ref errors);
                            lock (errorSamples)
                            {
                                errorSamples.Add(ex.Message);
                            }
                        }
                    }
                }

                var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(LoopAsync, CancellationToken.None)).ToArray();
                await Task.Delay(300, cancellationToken);
                var started = Stopwatch.GetTimestamp();
                var result = await deployer.DeployAsync(componentId, version, artifact, null, cancellationToken);
                await Task.Delay(300, cancellationToken);
                await stop.CancelAsync();
                await Task.WhenAll(loops);
                if (!result.Succeeded || Interlocked.Read(ref seenAt) == 0)
                {
                    throw new InvalidOperationException($"v{version} was not served: {result.Detail}\n{result.HealthLog}");
                }

                var overhead = Stopwatch.GetElapsedTime(started, seenAt).TotalMilliseconds;
                overheads.Add(overhead);
                progress.WriteLine($"  v{version}: new content after {overhead:0} ms (deploy call incl. drain {Stopwatch.GetElapsedTime(started).TotalMilliseconds - 300:0} ms), errors so far {errors}");
            }

            foreach (var sample in errorSamples.Take(5))
            {
                progress.WriteLine("  error: " + sample);
            }

            overheads.Sort();
            var median = overheads[overheads.Count / 2];
            var max = overheads[^1];
            progress.WriteLine($"overhead median {median:0} ms, max {max:0} ms over {rounds} swaps; {requests} requests, {errors} errors");
            return new ScenarioResult(new Dictionary<string, object>
            {
                ["overheadMs"] = Math.Round(median),
                ["maxOverheadMs"] = Math.Round(max),
                ["errorsDuringSwap"] = errors,
                ["requests"] = requests,
                ["swaps"] = rounds,
                ["nproc"] = Environment.ProcessorCount,
                ["quick"] = quick,
            }, max <= (BenchDocker.IsDocker ? 3000 : 2000) && errors == 0);
        }
        finally
        {
            if (BenchDocker.IsDocker)
            {
                await BenchDocker.RemoveImagesAsync(imagesToRemove);
            }

            try
            {
                Directory.Delete(artifacts, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp cleaner.
            }
        }
    }
}
