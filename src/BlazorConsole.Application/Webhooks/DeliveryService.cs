using System.Text;
using System.Text.Json;
using BlazorConsole.Data;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.Git.Webhooks;
using BlazorConsole.Pipeline.Queue;
using Microsoft.EntityFrameworkCore;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Webhooks;

public sealed record DeliveryListItem(
    long Id,
    string Provider,
    string? Event,
    string? DeliveryId,
    DateTimeOffset ReceivedAt,
    int Status,
    string Decision,
    string? Reason,
    string? Detail,
    string? Ref,
    string? CommitSha,
    string? CommitTitle,
    long? BuildId,
    int? BuildNumber,
    long? RedeliveryOfId,
    bool CanRedeliver);

/// <summary>
/// One delivery. <c>BodyLength</c> and <c>BodySha256</c> describe the body as received; <c>BodyTruncated</c> says that
/// <c>Body</c> is only its first 4 KB (rejected deliveries). <c>BodySha256</c> is null for rows recorded before it was kept.
/// </summary>
public sealed record DeliveryDetails(
    DeliveryListItem Delivery,
    Guid ComponentId,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    int BodyLength,
    string Body,
    double DurationMs,
    string? BodySha256 = null,
    bool BodyTruncated = false);

public sealed record RedeliveryResult(ChangeResult Result, DeliveryListItem? Delivery);

/// <summary>The delivery log: pages of deliveries, one delivery's details, and Redeliver.</summary>
internal sealed class DeliveryService(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    DeliveryRecorder recorder,
    TimeProvider time,
    AuditTrail audit)
{
    public const int PageSize = 50;

    /// <summary>
    /// Newer-first rows to skip from which a page is read from the oldest end when that end is nearer. Skipping costs
    /// per row (about 2 µs on PostgreSQL: 100,000 rows are 200 ms), counting costs far less; below this, skipping is cheap.
    /// </summary>
    internal const int FarPageRows = 5_000;

    public async Task<IReadOnlyList<DeliveryListItem>> ListAsync(Guid componentId, int page, CancellationToken cancellationToken = default)
    {
        page = Math.Max(page, 1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ofComponent = db.WebhookDeliveries.Where(d => d.ComponentId == componentId);
        var skip = (long)(page - 1) * PageSize;
        var onePage = skip < FarPageRows || await FarPageFromOldestAsync(ofComponent, skip, cancellationToken) is not { } fromOldest
            ? ofComponent.OrderByDescending(d => d.Id).Skip((int)skip).Take(PageSize)
            : fromOldest;
        var rows = await WithBuild(db, onePage).ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.Delivery.Id).Select(r => ToItem(r.Delivery, r.BuildId, r.BuildNumber)).ToList();
    }

    /// <summary>
    /// A late page of the newest-first list read oldest-first from the nearer end (the caller orders the rows
    /// newest-first again); null when the newest end is as near. Deliveries arriving meanwhile shift pages as they do
    /// between any two page requests.
    /// </summary>
    private static async Task<IQueryable<WebhookDelivery>?> FarPageFromOldestAsync(IQueryable<WebhookDelivery> ofComponent, long skip, CancellationToken cancellationToken)
    {
        var total = await ofComponent.LongCountAsync(cancellationToken);
        var olderThanPage = total - skip - PageSize; // rows after this page in newest-first order
        if (olderThanPage >= skip)
        {
            return null;
        }

        var rowsOnPage = (int)Math.Clamp(total - skip, 0, PageSize);
        return ofComponent.OrderBy(d => d.Id).Skip((int)Math.Max(olderThanPage, 0)).Take(rowsOnPage);
    }

    public async Task<DeliveryDetails?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Body).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null)
        {
            return null;
        }

        var build = await db.Builds.Where(b => b.DeliveryId == id).Select(b => new { b.Id, b.Number }).FirstOrDefaultAsync(cancellationToken);
        return new DeliveryDetails(
            ToItem(delivery, build?.Id, build?.Number),
            delivery.ComponentId,
            ParseHeaders(delivery.HeadersJson),
            delivery.ContentType,
            delivery.BodyLength,
            BodyText(StoredBody.Decompress(delivery.Body?.Content ?? [])),
            delivery.DurationMs,
            delivery.BodySha256,
            delivery.BodyTruncated);
    }

    /// <summary>Re-evaluates a stored delivery with today's rules, as a new delivery marked as a redelivery.</summary>
    public async Task<RedeliveryResult> RedeliverAsync(long id, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var original = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Body).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (original is null)
        {
            return new(ChangeResult.Missing("There is no such delivery."), null);
        }

        if (original.Provider == "api")
        {
            return new(ChangeResult.Fail("API trigger calls are not redelivered: call the trigger URL again."), null);
        }

        if (!original.Verified)
        {
            // Replaying a body whose signature never checked out would let anyone who can reach the URL build.
            return new(ChangeResult.Fail("Only deliveries whose signature checked out can be redelivered. Fix the secret, then use the provider's Redeliver."), null);
        }

        if (original.BodyTruncated)
        {
            // Only the start of the body was kept: replaying it would evaluate a different request.
            return new(ChangeResult.Fail("Only the first 4 KB of this rejected delivery were kept, so it cannot be replayed. Use the provider's Redeliver."), null);
        }

        var component = await db.Components.AsNoTracking().FirstAsync(c => c.Id == original.ComponentId, cancellationToken);
        var headers = ParseHeaders(original.HeadersJson);
        var body = StoredBody.Decompress(original.Body?.Content ?? []);
        var request = new WebhookRequest(name => headers.TryGetValue(name, out var value) ? value : null, original.ContentType, body);
        var envelope = WebhookInspector.Identify(request);
        if (envelope is null)
        {
            return new(ChangeResult.Fail("The stored delivery has no provider headers to replay."), null);
        }

        var draft = new DeliveryDraft(original.ComponentId, original.Provider, original.Event, original.ProviderDeliveryId, time.GetUtcNow(), 200,
            WebhookDecision.Rejected, null, null, Verified: true, original.HeadersJson, original.ContentType, body, RedeliveryOfId: original.Id);
        draft = DeliveryDecisions.Decide(draft, envelope, request, TriggerSettings.Of(component), BuildTrigger.Redeliver);
        var recorded = await recorder.RecordAsync(draft, cancellationToken);
        await audit.RecordAsync(AuditActions.DeliveryRedelivered, actorUserId, actorName, target: $"delivery #{original.Id}", detail: $"→ #{recorded.DeliveryId} {recorded.Decision.ToApi()}", cancellationToken: cancellationToken);
        var row = await WithBuild(db, db.WebhookDeliveries.Where(d => d.Id == recorded.DeliveryId)).FirstAsync(cancellationToken);
        return new(ChangeResult.Ok, ToItem(row.Delivery, row.BuildId, row.BuildNumber));
    }

    /// <summary>Deliveries (without their bodies) with the build each one started, if any, in one query.</summary>
    private static IQueryable<DeliveryWithBuild> WithBuild(ConsoleDbContext db, IQueryable<WebhookDelivery> deliveries) =>
        from d in deliveries.AsNoTracking()
        join b in db.Builds on d.Id equals b.DeliveryId into builds
        from b in builds.DefaultIfEmpty()
        select new DeliveryWithBuild(d, b == null ? null : b.Id, b == null ? null : b.Number);

    private sealed record DeliveryWithBuild(WebhookDelivery Delivery, long? BuildId, int? BuildNumber);

    private static DeliveryListItem ToItem(WebhookDelivery d, long? buildId, int? buildNumber) => new(
        d.Id, d.Provider, d.Event, d.ProviderDeliveryId, d.ReceivedAt, d.Status, d.Decision.ToApi(), d.Reason?.ToApi(), d.Detail,
        d.Ref, d.CommitSha, d.CommitTitle, buildId, buildNumber, d.RedeliveryOfId, d.Verified && d.Provider != "api");

    private static Dictionary<string, string> ParseHeaders(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new(StringComparer.OrdinalIgnoreCase);
        }

        var parsed = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        return new Dictionary<string, string>(parsed, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The body as text for the details drawer: pretty JSON when it is JSON, else UTF-8 (invalid bytes replaced).</summary>
    private static string BodyText(byte[] body)
    {
        const int shown = 512 * 1024;
        var slice = body.Length > shown ? body.AsSpan(0, shown) : body;
        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(document.RootElement, PrettyJson);
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(slice);
            return body.Length > shown ? text + $"\n… ({body.Length - shown} more bytes)" : text;
        }
    }

    private static readonly JsonSerializerOptions PrettyJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
