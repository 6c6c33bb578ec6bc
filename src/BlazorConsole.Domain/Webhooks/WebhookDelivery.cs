namespace BlazorConsole.Domain.Webhooks;

/// <summary>
/// A request that reached a component's webhook (or custom deploy) URL, with the console's decision about it.
/// Stored before the response is sent, whatever the outcome (404 and 413 excepted).
/// The build it triggered, if any, points back at it (<c>Build.DeliveryId</c>).
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; init; }

    public Guid ComponentId { get; init; }

    /// <summary>github, gitlab, gitee, gitea, gogs, api (custom trigger), or unknown.</summary>
    public required string Provider { get; init; }

    /// <summary>The provider's event name (push, Push Hook, ping, …).</summary>
    public string? Event { get; init; }

    /// <summary>The provider's delivery id (or, when it sends none, a hash of the body).</summary>
    public string? ProviderDeliveryId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>HTTP status answered.</summary>
    public int Status { get; init; }

    public WebhookDecision Decision { get; init; }

    public SkipReason? Reason { get; init; }

    /// <summary>The reason or error in words, shown in the delivery log.</summary>
    public string? Detail { get; init; }

    public string? Ref { get; init; }

    public string? CommitSha { get; init; }

    /// <summary>First line of the head commit's message.</summary>
    public string? CommitTitle { get; init; }

    /// <summary>For a duplicate: the delivery that built first.</summary>
    public long? OriginalDeliveryId { get; init; }

    /// <summary>For a redelivery from the log: the delivery it re-evaluated.</summary>
    public long? RedeliveryOfId { get; init; }

    /// <summary>Only deliveries whose signature checked out (or that were allowed unsigned) can be redelivered.</summary>
    public bool Verified { get; init; }

    /// <summary>Selected request headers as JSON, signatures and tokens masked.</summary>
    public string? HeadersJson { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Size of the body as received, in bytes (also when only its start is kept).</summary>
    public int BodyLength { get; init; }

    /// <summary>Hex SHA-256 of the body as received; null for rows written before it was recorded.</summary>
    public string? BodySha256 { get; init; }

    /// <summary>
    /// True when only the first bytes of the body were kept: rejected deliveries keep at most 4 KB, so a flood of
    /// large unsigned requests cannot fill the disk.
    /// </summary>
    public bool BodyTruncated { get; init; }

    public double DurationMs { get; set; }

    public WebhookDeliveryBody? Body { get; init; }
}

/// <summary>The raw body, kept apart so delivery lists never load it.</summary>
public sealed class WebhookDeliveryBody
{
    public long DeliveryId { get; init; }

    public required byte[] Content { get; init; }
}

public enum WebhookDecision
{
    Triggered = 0,
    AwaitingApproval = 1,
    Skipped = 2,
    Duplicate = 3,
    Pong = 4,
    Rejected = 5,
}

/// <summary>Why a delivery did not build (or was refused). The API spells these in kebab-case.</summary>
public enum SkipReason
{
    KeywordMissing = 0,
    BranchMismatch = 1,
    SkipMarker = 2,
    WebhookDisabled = 3,
    EventIgnored = 4,
    RefDeleted = 5,
    BadSignature = 6,
    Malformed = 7,
}

public static class WebhookWords
{
    public static string ToApi(this WebhookDecision decision) => decision switch
    {
        WebhookDecision.Triggered => "triggered",
        WebhookDecision.AwaitingApproval => "awaiting-approval",
        WebhookDecision.Skipped => "skipped",
        WebhookDecision.Duplicate => "duplicate",
        WebhookDecision.Pong => "pong",
        WebhookDecision.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public static string ToApi(this SkipReason reason) => reason switch
    {
        SkipReason.KeywordMissing => "keyword-missing",
        SkipReason.BranchMismatch => "branch-mismatch",
        SkipReason.SkipMarker => "skip-marker",
        SkipReason.WebhookDisabled => "webhook-disabled",
        SkipReason.EventIgnored => "event-ignored",
        SkipReason.RefDeleted => "ref-deleted",
        SkipReason.BadSignature => "bad-signature",
        SkipReason.Malformed => "malformed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
