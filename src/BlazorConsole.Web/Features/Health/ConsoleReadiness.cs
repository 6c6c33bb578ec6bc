using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorConsole.Web.Features.Health;

/// <summary>Set once start-up work is done (database migrated, bootstrap applied); later issues add workers.</summary>
internal sealed class ConsoleReadiness
{
    private volatile bool databaseReady;

    public bool DatabaseReady => databaseReady;

    public void MarkDatabaseReady() => databaseReady = true;
}

internal sealed class ConsoleReadinessHealthCheck(ConsoleReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.DatabaseReady
            ? HealthCheckResult.Healthy("Database migrated.")
            : HealthCheckResult.Unhealthy("Database migration has not finished."));
}
