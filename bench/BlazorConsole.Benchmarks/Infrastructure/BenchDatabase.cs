using System.Diagnostics;
using Npgsql;

namespace BlazorConsole.Benchmarks.Infrastructure;

/// <summary>
/// The engine the benchmark's console runs on (<c>--provider sqlite|postgres</c>). PostgreSQL comes from
/// <c>BENCH_POSTGRES</c> (an admin connection string) or a cluster of this run started by scripts/test-postgres.sh with
/// PostgreSQL's durable defaults (fsync, synchronous commit), stopped at exit; each console host gets a fresh database.
/// </summary>
internal static class BenchDatabase
{
    private static readonly Lazy<string> AdminConnection = new(StartOrFindCluster, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Provider { get; set; } = "sqlite";

    public static bool IsPostgres => Provider == "postgres";

    /// <summary>The console settings for a new host: none for SQLite (a file under the data dir); a fresh database for PostgreSQL.</summary>
    public static async Task<(Dictionary<string, string?> Settings, string? Database)> ForNewHostAsync()
    {
        if (!IsPostgres)
        {
            return ([], null);
        }

        var name = "bench_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnection.Value))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnection.Value) { Database = name, MaxPoolSize = 200 }.ToString();
        return (new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Console"] = connectionString }, name);
    }

    public static async Task DropAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnection.Value);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string StartOrFindCluster()
    {
        if (Environment.GetEnvironmentVariable("BENCH_POSTGRES") is { Length: > 0 } given)
        {
            return given;
        }

        var script = FindUp("scripts/test-postgres.sh") ?? throw new InvalidOperationException("scripts/test-postgres.sh not found above " + AppContext.BaseDirectory);
        var directory = Path.Combine(Path.GetTempPath(), "bc-bench-pg-" + Guid.NewGuid().ToString("N"));
        var started = Run(script, "start", directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "stop", directory);
        return started.Trim();
    }

    private static string Run(string script, string action, string directory)
    {
        var start = new ProcessStartInfo("bash", [script, action, directory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PG_DURABLE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"test-postgres.sh {action} failed: {error}");
    }

    private static string? FindUp(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
