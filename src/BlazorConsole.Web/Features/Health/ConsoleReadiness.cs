using BlazorConsole.Pipeline.Workers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorConsole.Web.Features.Health;

/// <summary>Set once start-up work is done (database migrated, bootstrap applied, build workers running).</summary>
internal sealed class ConsoleReadiness : IBuildWorkersReadiness
{
    private volatile bool databaseReady;
    private volatile bool workersReady;
    private volatile bool workersRunning;

    public bool DatabaseReady => databaseReady;

    /// <summary>Interrupted builds recovered and workers started (or workers disabled by configuration).</summary>
    public bool WorkersReady => workersReady;

    public bool WorkersRunning => workersRunning;

    public void MarkDatabaseReady() => databaseReady = true;

    public void MarkWorkersReady(bool running)
    {
        workersRunning = running;
        workersReady = true;
    }
}

internal sealed class ConsoleReadinessHealthCheck(ConsoleReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !readiness.DatabaseReady ? HealthCheckResult.Unhealthy("Database migration has not finished.")
            : !readiness.WorkersReady ? HealthCheckResult.Unhealthy("Build workers have not started.")
            : HealthCheckResult.Healthy(readiness.WorkersRunning ? "Database migrated; build workers running." : "Database migrated; build workers disabled (Builds:RunWorkers)."));
}
