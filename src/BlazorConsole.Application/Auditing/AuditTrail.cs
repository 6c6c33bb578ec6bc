using BlazorConsole.Data;
using BlazorConsole.Domain.Auditing;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Application.Auditing;

/// <summary>Appends audit entries. Each write is its own small transaction so a failed business action still leaves its trace.</summary>
internal sealed class AuditTrail(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider time, ILogger<AuditTrail> logger)
{
    public async Task RecordAsync(
        string action,
        string? actorUserId,
        string? actorName,
        string? target = null,
        string? detail = null,
        string? remoteIp = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Action = action,
            ActorUserId = actorUserId,
            ActorName = actorName.Clip(256),
            Target = target.Clip(256),
            Detail = detail.Clip(2000),
            RemoteIp = remoteIp,
        });
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Recorded(logger, action, actorName ?? actorUserId ?? "-", target ?? "-");
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
    }

}

internal static partial class AuditLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {Action} by {Actor} on {Target}")]
    public static partial void Recorded(ILogger logger, string action, string actor, string target);
}
