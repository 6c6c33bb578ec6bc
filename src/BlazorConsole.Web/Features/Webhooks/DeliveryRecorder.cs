using System.Threading.Channels;
using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.Pipeline.Queue;
using BlazorConsole.Web.Features.Components;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Web.Features.Webhooks;

/// <summary>A delivery to store, with the build it asks for when the rules said yes.</summary>
internal sealed record DeliveryDraft(
    Guid ComponentId,
    string Provider,
    string? Event,
    string? ProviderDeliveryId,
    DateTimeOffset ReceivedAt,
    int Status,
    WebhookDecision Decision,
    SkipReason? Reason,
    string? Detail,
    bool Verified,
    string? HeadersJson,
    string? ContentType,
    ReadOnlyMemory<byte> Body,
    string? Ref = null,
    string? CommitSha = null,
    string? CommitTitle = null,
    long? RedeliveryOfId = null,
    BuildRequest? Build = null,
    double DurationMs = 0);

/// <summary>The build a delivery asks for; a repeat of a delivery id that already built becomes a duplicate instead.</summary>
internal sealed record BuildRequest(
    BuildTrigger Trigger,
    BuildStatus Status,
    string Ref,
    string? CommitSha,
    string? CommitMessage,
    string? CommitAuthor,
    string? CommitUrl,
    string? RequestedByUserId,
    bool DeduplicateByDeliveryId);

internal sealed record RecordedDelivery(long DeliveryId, WebhookDecision Decision, SkipReason? Reason, long? BuildId, long? OriginalDeliveryId);

/// <summary>
/// The single writer of deliveries and the builds they trigger. Concurrent requests queue here; each loop
/// turn writes everything waiting in one transaction (group commit) and only then completes the requests, so
/// "2xx means recorded" holds and one fsync serves many deliveries. Being the only writer also makes the
/// duplicate check and build numbering race-free.
/// </summary>
internal sealed partial class DeliveryRecorder(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    IBuildQueue buildQueue,
    ComponentEvents events,
    ILogger<DeliveryRecorder> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<Pending> pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public async Task<RecordedDelivery> RecordAsync(DeliveryDraft draft, CancellationToken cancellationToken)
    {
        var item = new Pending(draft, new TaskCompletionSource<RecordedDelivery>(TaskCreationOptions.RunContinuationsAsynchronously));
        await pending.Writer.WriteAsync(item, cancellationToken);
        // Not cancelled with the request: once queued, the delivery is written even if the sender hangs up.
        return await item.Completion.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await pending.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && pending.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await WriteAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is written below.
        }

        while (pending.Reader.TryRead(out var left))
        {
            await WriteAsync([left]);
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var results = await WriteBatchAsync(batch);
            Complete(batch, results);
        }
        catch (Exception e) when (batch.Count > 1 && e is DbUpdateException or InvalidOperationException)
        {
            // One bad item (e.g. its component was deleted meanwhile) must not fail its neighbours.
            foreach (var item in batch)
            {
                await WriteAsync([item]);
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            LogWriteFailed(logger, e, batch[0].Draft.ComponentId);
            batch[0].Completion.TrySetException(e);
        }
    }

    private void Complete(List<Pending> batch, List<RecordedDelivery> results)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is { BuildId: { } buildId, Decision: WebhookDecision.Triggered })
            {
                buildQueue.NotifyQueued(buildId);
            }

            batch[i].Completion.TrySetResult(results[i]);
        }

        foreach (var componentId in batch.Select(item => item.Draft.ComponentId).Distinct())
        {
            events.Publish(componentId);
        }
    }

    private async Task<List<RecordedDelivery>> WriteBatchAsync(List<Pending> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var results = new List<RecordedDelivery>(batch.Count);
        foreach (var (draft, _) in batch)
        {
            results.Add(await WriteOneAsync(db, draft));
        }

        await transaction.CommitAsync();
        return results;
    }

    private static async Task<RecordedDelivery> WriteOneAsync(ConsoleDbContext db, DeliveryDraft draft)
    {
        var decision = draft.Decision;
        var reason = draft.Reason;
        var detail = draft.Detail;
        long? originalId = null;
        var build = draft.Build;
        if (build is { DeduplicateByDeliveryId: true } && draft.ProviderDeliveryId is { } deliveryId)
        {
            originalId = await db.WebhookDeliveries
                .Where(d => d.ComponentId == draft.ComponentId && d.ProviderDeliveryId == deliveryId
                    && (d.Decision == WebhookDecision.Triggered || d.Decision == WebhookDecision.AwaitingApproval))
                .OrderBy(d => d.Id)
                .Select(d => (long?)d.Id)
                .FirstOrDefaultAsync();
            if (originalId is not null)
            {
                decision = WebhookDecision.Duplicate;
                reason = null;
                detail = $"delivery {deliveryId} already built (delivery #{originalId}); nothing new was queued";
                build = null;
            }
        }

        var delivery = new WebhookDelivery
        {
            ComponentId = draft.ComponentId,
            Provider = draft.Provider,
            Event = Clip(draft.Event, 100),
            ProviderDeliveryId = draft.ProviderDeliveryId,
            ReceivedAt = draft.ReceivedAt,
            Status = decision == WebhookDecision.Duplicate ? 200 : draft.Status,
            Decision = decision,
            Reason = reason,
            Detail = Clip(detail, 2000),
            Ref = Clip(draft.Ref, 300),
            CommitSha = draft.CommitSha,
            CommitTitle = Clip(draft.CommitTitle, 300),
            OriginalDeliveryId = originalId,
            RedeliveryOfId = draft.RedeliveryOfId,
            Verified = draft.Verified,
            HeadersJson = draft.HeadersJson,
            ContentType = Clip(draft.ContentType, 200),
            BodyLength = draft.Body.Length,
            DurationMs = draft.DurationMs,
            Body = new WebhookDeliveryBody { Content = draft.Body.ToArray() },
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync();
        if (build is null)
        {
            return new RecordedDelivery(delivery.Id, decision, reason, null, originalId);
        }

        var number = (await db.Builds.Where(b => b.ComponentId == draft.ComponentId).MaxAsync(b => (int?)b.Number) ?? 0) + 1;
        var row = new Build
        {
            ComponentId = draft.ComponentId,
            Number = number,
            Trigger = build.Trigger,
            Status = build.Status,
            Ref = build.Ref,
            CommitSha = build.CommitSha,
            CommitMessage = Clip(build.CommitMessage, 4000),
            CommitAuthor = Clip(build.CommitAuthor, 300),
            CommitUrl = Clip(build.CommitUrl, 2000),
            DeliveryId = delivery.Id,
            RequestedByUserId = build.RequestedByUserId,
            QueuedAt = draft.ReceivedAt,
        };
        db.Builds.Add(row);
        await db.SaveChangesAsync();
        delivery.BuildId = row.Id;
        await db.SaveChangesAsync();
        return new RecordedDelivery(delivery.Id, decision, reason, row.Id, null);
    }

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private sealed record Pending(DeliveryDraft Draft, TaskCompletionSource<RecordedDelivery> Completion);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record a webhook delivery for component {ComponentId}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, Guid componentId);
}
