using BlazorConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorConsole.Web.Features.Health;

/// <summary>Part of <c>/healthz/ready</c>: without its database a replica can neither store a webhook nor show a page.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<ConsoleDbContext> dbFactory, IConsoleDatabase database) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(limit.Token);
            return await db.Database.CanConnectAsync(limit.Token)
                ? HealthCheckResult.Healthy($"The {database.Provider} database answers.")
                : new HealthCheckResult(context.Registration.FailureStatus, $"The {database.Provider} database does not answer.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The {database.Provider} database did not answer within 3 s.");
        }
        catch (Exception e) when (e.IsDatabaseFailure())
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The {database.Provider} database does not answer.", e);
        }
    }
}
