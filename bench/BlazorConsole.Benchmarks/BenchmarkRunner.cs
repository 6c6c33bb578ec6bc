using System.Text.Json;

namespace BlazorConsole.Benchmarks;

/// <summary>A load scenario: runs against real ports on 127.0.0.1 and returns its figures.</summary>
public interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task<ScenarioResult> RunAsync(bool quick, TextWriter progress, CancellationToken cancellationToken);
}

public sealed record ScenarioResult(IReadOnlyDictionary<string, object> Figures, bool Pass);

public static class BenchmarkRunner
{
    /// <summary>Scenarios register here as their features land (webhook-ingest, trigger-latency, log-stream, ...).</summary>
    private static readonly IScenario[] Scenarios = [new Scenarios.WebhookIngestScenario(), new IncrementalFetchScenario(), new Scenarios.TriggerLatencyScenario(), new Scenarios.LogStreamScenario(), new Scenarios.DeployOverheadScenario(), new Scenarios.ListScaleScenario(), new Scenarios.SandboxOverheadScenario()];

    public static async Task<int> RunAsync(string[] args)
    {
        var providerAt = Array.IndexOf(args, "--provider");
        if (providerAt >= 0)
        {
            var provider = providerAt + 1 < args.Length ? args[providerAt + 1].ToLowerInvariant() : "";
            if (provider is not ("sqlite" or "postgres"))
            {
                await Console.Error.WriteLineAsync("--provider takes sqlite or postgres.");
                return 2;
            }

            Infrastructure.BenchDatabase.Provider = provider;
            args = args.Where((_, i) => i != providerAt && i != providerAt + 1).ToArray();
        }

        var runtimeAt = Array.IndexOf(args, "--runtime");
        if (runtimeAt >= 0)
        {
            var runtime = runtimeAt + 1 < args.Length ? args[runtimeAt + 1].ToLowerInvariant() : "";
            if (runtime is not ("process" or "docker"))
            {
                await Console.Error.WriteLineAsync("--runtime takes process or docker.");
                return 2;
            }

            Infrastructure.BenchDocker.Runtime = runtime;
            args = args.Where((_, i) => i != runtimeAt && i != runtimeAt + 1).ToArray();
        }

        var replicasAt = Array.IndexOf(args, "--replicas");
        if (replicasAt >= 0)
        {
            if (replicasAt + 1 >= args.Length || !int.TryParse(args[replicasAt + 1], System.Globalization.CultureInfo.InvariantCulture, out var count) || count is < 2 or > 8)
            {
                await Console.Error.WriteLineAsync("--replicas takes a number of replicas from 2 to 8.");
                return 2;
            }

            // Replicas share one PostgreSQL database (and one Redis): the provider goes with it.
            Infrastructure.BenchReplicas.Count = count;
            Infrastructure.BenchDatabase.Provider = "postgres";
            args = args.Where((_, i) => i != replicasAt && i != replicasAt + 1).ToArray();
        }

        var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var scenario = Scenarios.FirstOrDefault(s => s.Name == name);
        if (scenario is null)
        {
            await Console.Error.WriteLineAsync(name is null ? "Name a scenario." : $"Unknown scenario '{name}'.");
            await Console.Error.WriteLineAsync(Scenarios.Length == 0
                ? "No scenario is implemented yet."
                : "Scenarios: " + string.Join(", ", Scenarios.Select(s => $"{s.Name} ({s.Description})")));
            return 2;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var result = await scenario.RunAsync(args.Contains("--quick"), Console.Out, timeout.Token);
        var line = new Dictionary<string, object> { ["scenario"] = scenario.Name, ["provider"] = Infrastructure.BenchDatabase.Provider };
        if (runtimeAt >= 0)
        {
            line["runtime"] = Infrastructure.BenchDocker.Runtime;
        }

        if (replicasAt >= 0)
        {
            line["replicas"] = Infrastructure.BenchReplicas.Count;
        }

        foreach (var (key, value) in result.Figures)
        {
            line[key] = value;
        }

        line["pass"] = result.Pass;
        Console.WriteLine("BENCH " + JsonSerializer.Serialize(line));
        return result.Pass ? 0 : 1;
    }
}
