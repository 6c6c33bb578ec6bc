using System.Security.Cryptography;
using System.Threading.Channels;
using BlazorConsole.Data.Writes;
using BlazorConsole.Domain.Events;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Pipeline.Queue;

/// <summary>A delivery to store, with the build it asks for when the rules said yes.</summary>
public sealed record DeliveryDraft(
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
    BuildDraft? Build = null,
    double DurationMs = 0,
    bool BuildOnly = false,
    int ReceivedBodyLength = 0,
    string? BodySha256 = null,
    bool BodyTruncated = false);

/// <summary>
/// The build a delivery (or a person, or a re-queue) asks for; a repeat of a delivery id that already built becomes a
/// duplicate instead. Not <see cref="Pipeline.BuildRequest"/>: that is what a worker hands the runner once it is claimed.
/// </summary>
public sealed record BuildDraft(
    BuildTrigger Trigger,
    BuildStatus Status,
    string Ref,
    string? CommitSha,
    string? CommitMessage,
    string? CommitAuthor,
    string? CommitUrl,
    string? RequestedByUserId,
    bool DeduplicateByDeliveryId,
    string? StatusDetail = null);

public sealed record RecordedDelivery(long DeliveryId, WebhookDecision Decision, SkipReason? Reason, long? BuildId, long? OriginalDeliveryId, int BuildNumber = 0, BuildStatus BuildStatus = BuildStatus.Queued);

/// <summary>
/// The single writer of deliveries and the builds they trigger. Concurrent requests queue here; each loop
/// turn writes everything waiting in one transaction (group commit) and only then completes the requests, so
/// "2xx means recorded" holds and one fsync serves many deliveries. Being the only writer also makes the
/// duplicate check and build numbering race-free. It lives in the pipeline because it is the queue's front door:
/// webhooks, manual builds and the workers' re-queue all create and number builds here.
/// </summary>
public sealed partial class DeliveryRecorder(
    IDeliveryWriterFactory writers,
    IBuildQueue buildQueue,
    IConsoleEventStream events,
    ILogger<DeliveryRecorder> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    /// <summary>
    /// How much of a rejected delivery's body is kept. Enough to see what a misconfigured sender posts; a flood of
    /// large unsigned requests costs at most this much each (with the size and SHA-256 of the whole body beside it).
    /// </summary>
    public const int RejectedBodyKeptBytes = 4 * 1024;

    // The writer's session: one connection with prepared statements, reopened after an error.
    private IDeliveryWriter? writer;

    private readonly Channel<Pending> pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public async Task<RecordedDelivery> RecordAsync(DeliveryDraft draft, CancellationToken cancellationToken)
    {
        // Hashed, clipped and compressed here, on the caller's thread, so the single writer only copies bytes.
        var received = draft.Body.Span;
        var kept = draft.Decision == WebhookDecision.Rejected && received.Length > RejectedBodyKeptBytes ? received[..RejectedBodyKeptBytes] : received;
        draft = draft with
        {
            ReceivedBodyLength = received.Length,
            BodySha256 = draft.BuildOnly ? null : Convert.ToHexStringLower(SHA256.HashData(received)),
            BodyTruncated = kept.Length < received.Length,
            Body = StoredBody.Compress(kept),
        };
        var item = new Pending(draft, new TaskCompletionSource<RecordedDelivery>(TaskCreationOptions.RunContinuationsAsynchronously));
        await pending.Writer.WriteAsync(item, cancellationToken);
        // Not cancelled with the request: once queued, the delivery is written even if the sender hangs up.
        return await item.Completion.Task;
    }

    /// <summary>
    /// Records a build that no delivery asked for (manual build, re-queue after an interruption) through the same
    /// single writer, so build numbers stay race-free. The result's <c>DeliveryId</c> is 0: no delivery row is written.
    /// </summary>
    public Task<RecordedDelivery> RecordBuildAsync(Guid componentId, BuildDraft build, DateTimeOffset queuedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        var decision = build.Status == BuildStatus.AwaitingApproval ? WebhookDecision.AwaitingApproval : WebhookDecision.Triggered;
        return RecordAsync(new DeliveryDraft(componentId, "console", null, null, queuedAt, 202, decision, null, null, true, null, null,
            ReadOnlyMemory<byte>.Empty, Build: build with { DeduplicateByDeliveryId = false }, BuildOnly: true), cancellationToken);
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

        // The session belongs to this loop: closing it here keeps every use of it on one logical thread.
        await ResetSessionAsync();
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var results = await WriteBatchAsync(batch);
            Complete(batch, results);
        }
#pragma warning disable CA1031 // Whatever failed, every waiting request must get an answer and the writer must go on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (batch.Count > 1)
            {
                // One bad item (e.g. its component was deleted meanwhile) must not fail its neighbours.
                foreach (var item in batch)
                {
                    await WriteAsync([item]);
                }

                return;
            }

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
            var (componentId, recorded) = (batch[i].Draft.ComponentId, results[i]);
            if (!batch[i].Draft.BuildOnly)
            {
                events.Publish(new DeliveryRecorded(componentId, recorded.DeliveryId, recorded.Decision, recorded.Reason, recorded.BuildId));
            }

            if (recorded.BuildId is { } queued)
            {
                events.Publish(new BuildQueued(componentId, queued, recorded.BuildNumber, recorded.BuildStatus));
            }
        }
    }

    private async Task<List<RecordedDelivery>> WriteBatchAsync(List<Pending> batch)
    {
        var sql = writer ??= await writers.OpenAsync(CancellationToken.None);
        var plan = new DeliveryBatchPlan(
            batch.Select(item => item.Draft.ComponentId).Distinct().ToList(),
            batch.Where(item => item.Draft.Build is { DeduplicateByDeliveryId: true } && item.Draft.ProviderDeliveryId is not null)
                .Select(item => (item.Draft.ComponentId, item.Draft.ProviderDeliveryId!)).Distinct().ToList(),
            batch.Count);
        var results = new List<RecordedDelivery>(batch.Count);
        try
        {
            // A writer that answered from memory may find at commit that another host got there first; it then wrote
            // nothing and reads afresh on the next attempt, which therefore commits.
            do
            {
                results.Clear();
                await sql.BeginBatchAsync(plan);
                foreach (var (draft, _) in batch)
                {
                    results.Add(await WriteOneAsync(sql, draft));
                }
            }
            while (!await sql.CommitBatchAsync());
        }
        catch
        {
            // The session starts afresh: a failed statement may have left the connection unusable.
            await ResetSessionAsync();
            throw;
        }

        return results;
    }

    private async Task ResetSessionAsync()
    {
        if (writer is not null)
        {
            try
            {
                await writer.RollbackBatchAsync();
            }
#pragma warning disable CA1031 // A broken connection cannot roll back; disposing it below is what matters.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            await writer.DisposeAsync();
            writer = null;
        }
    }

    /// <summary>
    /// One draft through the writer's rows instead of change tracking: this is the hot path of every delivery (see the
    /// webhook-ingest benchmark); each engine turns the rows into its own statements, following the EF model's columns.
    /// </summary>
    private static async Task<RecordedDelivery> WriteOneAsync(IDeliveryWriter sql, DeliveryDraft draft)
    {
        var decision = draft.Decision;
        var reason = draft.Reason;
        var detail = draft.Detail;
        long? originalId = null;
        var build = draft.Build;
        if (build is { DeduplicateByDeliveryId: true } && draft.ProviderDeliveryId is { } deliveryId)
        {
            originalId = await sql.FindBuiltDeliveryAsync(draft.ComponentId, deliveryId);
            if (originalId is not null)
            {
                decision = WebhookDecision.Duplicate;
                reason = null;
                detail = $"delivery {deliveryId} already built (delivery #{originalId}); nothing new was queued";
                build = null;
            }
        }

        long? id = draft.BuildOnly ? null : await sql.InsertDeliveryAsync(new DeliveryRow(
            draft.ComponentId, draft.Provider, Clip(draft.Event, 100), draft.ProviderDeliveryId, draft.ReceivedAt,
            decision == WebhookDecision.Duplicate ? 200 : draft.Status, decision, reason, Clip(detail, 2000), Clip(draft.Ref, 300), draft.CommitSha,
            Clip(draft.CommitTitle, 300), originalId, draft.RedeliveryOfId, draft.Verified, draft.HeadersJson, Clip(draft.ContentType, 200),
            draft.ReceivedBodyLength, draft.BodySha256, draft.BodyTruncated, draft.DurationMs, draft.Body));
        if (build is null)
        {
            return new RecordedDelivery(id ?? 0, decision, reason, null, originalId);
        }

        var number = await sql.NextBuildNumberAsync(draft.ComponentId);
        var buildId = await sql.InsertBuildAsync(new BuildRow(
            draft.ComponentId, number, build.Trigger, build.Status, build.Ref, build.CommitSha, Clip(build.CommitMessage, 4000),
            Clip(build.CommitAuthor, 300), Clip(build.CommitUrl, 2000), id, build.RequestedByUserId, draft.ReceivedAt, Clip(build.StatusDetail, 2000)));
        return new RecordedDelivery(id ?? 0, decision, reason, buildId, null, number, build.Status);
    }


    /// <summary>At most <paramref name="max"/> characters: free text (commit messages, reasons) fits its column.</summary>
    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private sealed record Pending(DeliveryDraft Draft, TaskCompletionSource<RecordedDelivery> Completion);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record a delivery or build for component {ComponentId}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, Guid componentId);
}
