using BlazorConsole.Data;
using BlazorConsole.Data.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Application.Webhooks;

/// <summary>
/// Keeps the delivery log bounded: older than <c>KeepDays</c>, or beyond <c>KeepPerComponent</c> per component, goes.
/// One replica sweeps: the holder of <see cref="LeaseNames.DeliveryRetention"/>.
/// </summary>
internal sealed partial class DeliveryRetention(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    SingletonLeases leases,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<DeliveryRetention> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.RunWhileHeldAsync(LeaseNames.DeliveryRetention, SweepPeriodicallyAsync, stoppingToken);

    private async Task SweepPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, time);
        do
        {
            try
            {
                var removed = await SweepAsync(stoppingToken);
                if (removed > 0)
                {
                    LogSwept(logger, removed);
                }
            }
            catch (Exception e) when (e.IsDatabaseFailure())
            {
                LogSweepFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cutoff = time.GetUtcNow().AddDays(-settings.KeepDays);
        var removed = await db.WebhookDeliveries.Where(d => d.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);

        var crowded = await db.WebhookDeliveries.GroupBy(d => d.ComponentId)
            .Where(g => g.Count() > settings.KeepPerComponent)
            .Select(g => g.Key)
            .ToListAsync(cancellationToken);
        foreach (var componentId in crowded)
        {
            var oldestKept = await db.WebhookDeliveries.Where(d => d.ComponentId == componentId)
                .OrderByDescending(d => d.Id).Skip(settings.KeepPerComponent - 1).Select(d => d.Id).FirstAsync(cancellationToken);
            removed += await db.WebhookDeliveries.Where(d => d.ComponentId == componentId && d.Id < oldestKept).ExecuteDeleteAsync(cancellationToken);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery retention removed {Count} old deliveries")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery retention sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
