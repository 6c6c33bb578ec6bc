namespace BlazorConsole.Domain.Builds;

/// <summary>One attempt to build (and later deploy) a component at a commit. The database row is the truth.</summary>
public sealed class Build
{
    public long Id { get; init; }

    public Guid ComponentId { get; init; }

    /// <summary>1, 2, 3… per component.</summary>
    public int Number { get; init; }

    public BuildTrigger Trigger { get; init; }

    public BuildStatus Status { get; set; }

    /// <summary>Full ref (<c>refs/heads/main</c>, <c>refs/tags/v1.2</c>).</summary>
    public required string Ref { get; init; }

    /// <summary>Null when the trigger named only a ref (API, manual): the pipeline resolves it at checkout.</summary>
    public string? CommitSha { get; set; }

    public string? CommitMessage { get; set; }

    public string? CommitAuthor { get; set; }

    public string? CommitUrl { get; set; }

    /// <summary>The webhook delivery that created this build, if any.</summary>
    public long? DeliveryId { get; init; }

    public string? RequestedByUserId { get; init; }

    public DateTimeOffset QueuedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why a build ended the way it did, in words (failure cause, who rejected it, …).</summary>
    public string? StatusDetail { get; set; }
}

public enum BuildTrigger
{
    Webhook = 0,
    Manual = 1,
    Api = 2,
    Redeliver = 3,
    Rollback = 4,
}

public enum BuildStatus
{
    Queued = 0,
    AwaitingApproval = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
    Canceled = 5,
    Superseded = 6,
    Interrupted = 7,
}
