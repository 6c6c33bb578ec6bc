using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BlazorConsole.Data;
using Npgsql;

namespace BlazorConsole.IntegrationTests.Infrastructure;

/// <summary>
/// Which engine the console hosts of this test run use: SQLite (default) or PostgreSQL when
/// <c>CONSOLE_TEST_DATABASE=postgres</c> (scripts/test.sh runs the integration tests once per engine). PostgreSQL comes
/// from <c>CONSOLE_TEST_POSTGRES</c> (an admin connection string to a throw-away cluster that scripts/test.sh starts);
/// without it a cluster of this test process is started with scripts/test-postgres.sh and stopped at exit.
/// </summary>
public static class TestDatabases
{
    private static readonly Lazy<string> AdminConnection = new(StartOrFindCluster, LazyThreadSafetyMode.ExecutionAndPublication);

    public static DatabaseProvider Provider { get; } =
        string.Equals(Environment.GetEnvironmentVariable("CONSOLE_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <summary>A database name that follows the data directory, so a restarted console finds its own database again.</summary>
    public static string DatabaseNameFor(string dataDir) =>
        "bc_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDir)))[..20];

    /// <summary>Creates the database when it does not exist yet; returns its connection string.</summary>
    public static string EnsurePostgresDatabase(string name)
    {
        using var connection = new NpgsqlConnection(AdminConnection.Value);
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnection.Value) { Database = name, MaxPoolSize = 60 }.ToString();
    }

    public static async Task DropPostgresDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnection.Value);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Everything a PostgreSQL database stores, as pg_dump writes it (what an attacker with a backup would read).</summary>
    public static async Task<byte[]> DumpPostgresDatabaseAsync(string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnection.Value);
        var pgDump = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", "pg_dump")).First(File.Exists);
        using var process = Process.Start(new ProcessStartInfo(pgDump, ["-h", admin.Host!, "-p", admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", admin.Username!, name])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = await process.StandardError.ReadToEndAsync();
        await copy;
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.ToArray() : throw new InvalidOperationException("pg_dump failed: " + error);
    }

    /// <summary>Runs a scalar query on a test database; null when the database or the table does not exist (yet).</summary>
    public static async Task<object?> QueryPostgresAsync(string name, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnection.Value) { Database = name, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    private static string StartOrFindCluster()
    {
        if (Environment.GetEnvironmentVariable("CONSOLE_TEST_POSTGRES") is { Length: > 0 } given)
        {
            return given;
        }

        var script = FindUp("scripts/test-postgres.sh") ?? throw new InvalidOperationException("scripts/test-postgres.sh not found above " + AppContext.BaseDirectory);
        var directory = Path.Combine(Path.GetTempPath(), "bc-pg-" + Guid.NewGuid().ToString("N"));
        var started = Run(script, "start", directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "stop", directory);
        return started.Trim();
    }

    private static string Run(string script, string action, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, action, directory]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
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
