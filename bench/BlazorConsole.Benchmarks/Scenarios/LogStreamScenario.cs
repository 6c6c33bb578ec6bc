using System.Diagnostics;
using System.Globalization;
using BlazorConsole.Benchmarks.Infrastructure;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Web.Features.Builds.Logs;
using Microsoft.AspNetCore.SignalR.Client;

namespace BlazorConsole.Benchmarks.Scenarios;

/// <summary>
/// log-stream: a build log written at a fixed rate through the real writer (file, redaction, live notifier) while a
/// SignalR client (bearer token, WebSockets, 127.0.0.1) follows it through <c>/hubs/build-logs</c>. Each line's emit time
/// is the writer's own timestamp, its receipt time the client's clock (same process). Figures: achieved linesPerSec,
/// lost (missing, duplicated or out-of-order lines), p95Ms of emit → receipt. Target: 10,000 lines/s, 0 lost, p95 ≤ 250 ms.
/// </summary>
internal sealed class LogStreamScenario : IScenario
{
    private const int LinesPerSecond = 10_000;
    private const int TickMilliseconds = 10;

    public string Name => "log-stream";

    public string Description => "10,000 log lines/s through the SignalR log hub; emit → receipt latency and loss";

    public async Task<ScenarioResult> RunAsync(bool quick, TextWriter progress, CancellationToken cancellationToken)
    {
        var seconds = quick ? 3 : 10;
        var total = LinesPerSecond * seconds;
        // --replicas N: written on the first replica, followed through the last (Redis carries the lines, the shared
        // directory the file).
        await using var replicas = BenchReplicas.Count > 1 ? await BenchReplicas.StartAsync(BenchReplicas.Count) : null;
        await using var single = replicas is null ? await BenchHost.StartAsync() : null;
        var writerHost = replicas?.Hosts[0] ?? single!;
        var host = replicas?.Hosts[^1] ?? single!;
        var buildId = 990_000_000L;
        var latencies = new double[total];
        var received = 0;
        var lost = 0;
        long expected = 1;

        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, BuildLogHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(BenchHost.AdminToken))
            .Build();
        await connection.StartAsync(cancellationToken);
        var stream = connection.StreamAsync<BuildLogBatchMessage>("Follow", buildId, 1L, cancellationToken);
        var reading = Task.Run(async () =>
        {
            await foreach (var batch in stream)
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var line in batch.Lines)
                {
                    if (line.Seq != expected)
                    {
                        lost++;
                    }

                    expected = line.Seq + 1;
                    if (received < latencies.Length)
                    {
                        latencies[received] = (now - line.Time).TotalMilliseconds;
                    }

                    received++;
                }

                if (batch.Completed)
                {
                    return;
                }
            }
        }, cancellationToken);

        // Give the hub a moment to subscribe, so "live" means live (a late subscriber would read the file instead).
        await Task.Delay(200, cancellationToken);
        progress.WriteLine($"writing {total:N0} lines at {LinesPerSecond:N0}/s for {seconds} s ({Environment.ProcessorCount} cores)…");
        var store = writerHost.Services.GetRequiredService<BuildLogStore>();
        var clock = Stopwatch.StartNew();
        using (var writer = store.OpenWriter(buildId.ToString(CultureInfo.InvariantCulture)))
        {
            var written = 0;
            var perTick = LinesPerSecond * TickMilliseconds / 1000;
            for (var tick = 0; written < total; tick++)
            {
                var due = TimeSpan.FromMilliseconds(tick * TickMilliseconds);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
                }

                // Behind schedule (a slow tick): catch up, so the rate is what was asked for.
                var target = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * LinesPerSecond) + perTick);
                var count = Math.Max(0, target - written);
                writer.WriteLines(Enumerable.Range(written + 1, count).Select(n => "npm info line " + n.ToString(CultureInfo.InvariantCulture) + " \u001b[32mok\u001b[0m"));
                written += count;
            }

            writer.Complete();
        }

        var writeSeconds = clock.Elapsed.TotalSeconds;
        var finished = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken));
        lost += Math.Max(0, total - received) + Math.Max(0, received - total);
        var linesPerSec = total / writeSeconds;
        var p95 = Percentiles.Of(latencies.Take(Math.Min(received, total)).ToArray(), 0.95);
        var p50 = Percentiles.Of(latencies.Take(Math.Min(received, total)).ToArray(), 0.50);
        progress.WriteLine($"received {received:N0}/{total:N0} ({(finished == reading ? "stream completed" : "stream did not complete")}), " +
            $"{linesPerSec:N0} lines/s, p50 {p50:0.0} ms, p95 {p95:0.0} ms, lost {lost}");
        return new ScenarioResult(new Dictionary<string, object>
        {
            ["lines"] = total,
            ["linesPerSec"] = Math.Round(linesPerSec),
            ["lost"] = lost,
            ["p50Ms"] = Math.Round(p50, 1),
            ["p95Ms"] = Math.Round(p95, 1),
            ["cores"] = Environment.ProcessorCount,
        }, linesPerSec >= LinesPerSecond * 0.98 && lost == 0 && p95 <= 250 && finished == reading);
    }
}
