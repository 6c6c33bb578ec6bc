using System.Diagnostics;

namespace BlazorConsole.Benchmarks.Infrastructure;

internal sealed record LatencySummary(int Sent, int Failed, double P50Ms, double P99Ms, double MaxMs);

/// <summary>Bounded load on 127.0.0.1: a closed loop for peak throughput, an open loop at a fixed rate for latency.</summary>
internal static class Load
{
    /// <summary>Peak requests per second with <paramref name="concurrency"/> callers for <paramref name="duration"/>.</summary>
    public static async Task<(double Rps, int Failed)> PeakAsync(Func<int, Task<bool>> send, int concurrency, TimeSpan duration)
    {
        var completed = 0;
        var failed = 0;
        var next = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration)
            {
                var ok = await send(Interlocked.Increment(ref next));
                Interlocked.Increment(ref completed);
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers);
        return (completed / stopwatch.Elapsed.TotalSeconds, failed);
    }

    /// <summary>
    /// Sends at a fixed rate whatever the answers (open loop), timing each request from its scheduled start,
    /// so a stall shows up in the percentiles instead of slowing the sender down.
    /// </summary>
    public static async Task<LatencySummary> FixedRateAsync(Func<int, Task<bool>> send, int requestsPerSecond, TimeSpan duration)
    {
        var total = (int)(requestsPerSecond * duration.TotalSeconds);
        var interval = TimeSpan.FromSeconds(1.0 / requestsPerSecond);
        var latencies = new double[total];
        var failed = 0;
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var scheduled = interval * i;
            var wait = scheduled - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                var ok = await send(index);
                latencies[index] = (clock.Elapsed - scheduled).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                }
            }));
        }

        await Task.WhenAll(inFlight);
        Array.Sort(latencies);
        return new LatencySummary(total, failed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1]);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
