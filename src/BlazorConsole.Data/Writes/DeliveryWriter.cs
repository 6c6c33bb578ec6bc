using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;

namespace BlazorConsole.Data.Writes;

/// <summary>A webhook delivery row as the group-commit writer inserts it (the body already compressed).</summary>
public sealed record DeliveryRow(
    Guid ComponentId,
    string Provider,
    string? Event,
    string? ProviderDeliveryId,
    DateTimeOffset ReceivedAt,
    int Status,
    WebhookDecision Decision,
    SkipReason? Reason,
    string? Detail,
    string? Ref,
    string? CommitSha,
    string? CommitTitle,
    long? OriginalDeliveryId,
    long? RedeliveryOfId,
    bool Verified,
    string? HeadersJson,
    string? ContentType,
    int BodyLength,
    string? BodySha256,
    bool BodyTruncated,
    double DurationMs,
    ReadOnlyMemory<byte> Body);

/// <summary>A new build row as the group-commit writer inserts it.</summary>
public sealed record BuildRow(
    Guid ComponentId,
    int Number,
    BuildTrigger Trigger,
    BuildStatus Status,
    string Ref,
    string? CommitSha,
    string? CommitMessage,
    string? CommitAuthor,
    string? CommitUrl,
    long? DeliveryId,
    string? RequestedByUserId,
    DateTimeOffset QueuedAt,
    string? StatusDetail);

/// <summary>
/// The hot write path of every webhook delivery: one connection with its statements prepared once, each batch in one
/// transaction (group commit: one fsync for many deliveries). Prepared statements instead of change tracking, because
/// this is what the webhook-ingest benchmark measures. Column conventions follow the EF model of the provider.
/// </summary>
public interface IDeliveryWriter : IAsyncDisposable
{
    /// <summary>
    /// Starts a batch's transaction. A provider shared by several hosts locks the batch's components (in a stable
    /// order) so duplicate checks and build numbers stay race-free; a provider reached over the network may read what
    /// the batch will ask for at once (see <see cref="DeliveryBatchPlan"/>) and write the rows at commit.
    /// </summary>
    Task BeginBatchAsync(DeliveryBatchPlan plan);

    /// <summary>
    /// Writes the batch. False when the writer answered the batch from what it remembered and the database proved it
    /// stale (another host numbered or recorded for these components meanwhile): nothing was written, and the caller
    /// runs the batch again; the writer then reads afresh, so the second attempt commits.
    /// </summary>
    Task<bool> CommitBatchAsync();

    /// <summary>Drops the batch; the writer must be disposed afterwards (its session may be broken).</summary>
    Task RollbackBatchAsync();

    /// <summary>The first delivery with this provider delivery id that queued a build, if any.</summary>
    Task<long?> FindBuiltDeliveryAsync(Guid componentId, string providerDeliveryId);

    Task<long> InsertDeliveryAsync(DeliveryRow delivery);

    /// <summary>The number the component's next build gets (numbers are per component, from 1, without gaps in one writer).</summary>
    Task<int> NextBuildNumberAsync(Guid componentId);

    Task<long> InsertBuildAsync(BuildRow build);
}

/// <summary>What a batch will touch, known before it starts: its components and the provider delivery ids it checks for duplicates.</summary>
public sealed record DeliveryBatchPlan(IReadOnlyCollection<Guid> ComponentIds, IReadOnlyCollection<(Guid ComponentId, string ProviderDeliveryId)> DeliveryIds, int Deliveries);

/// <summary>Opens the writer's session (called again after an error broke the previous one).</summary>
public interface IDeliveryWriterFactory
{
    Task<IDeliveryWriter> OpenAsync(CancellationToken cancellationToken);
}
