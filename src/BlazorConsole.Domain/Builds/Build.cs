using BlazorConsole.Domain.Events;

namespace BlazorConsole.Domain.Builds;

/// <summary>
/// One attempt to build (and later deploy) a component at a commit. The database row is the truth; its state changes
/// only through the transitions below, each guarded by the state it starts from:
/// <code>
/// Queue ──▶ AwaitingApproval ──Approve──▶ Queued ──Claim──▶ Running ──Finish──▶ Succeeded | Failed | Canceled
///                  │ Reject/Cancel          │ Supersede/Cancel   │ Interrupt (console stopped)
///                  ▼                        ▼                    ▼
///               Canceled               Superseded | Canceled   Interrupted
/// </code>
/// The queue's own transitions (claim, supersede) run as single conditional statements in the data provider so that
/// exactly one claimer wins; they follow the same rules as <see cref="Claim"/> and <see cref="Supersede"/>.
/// </summary>
public sealed class Build : AggregateRoot
{
    public const int DetailMaxLength = 2000;

    // For EF Core.
    private Build()
    {
        Ref = string.Empty;
    }

    public long Id { get; private set; }

    public Guid ComponentId { get; private set; }

    /// <summary>1, 2, 3… per component.</summary>
    public int Number { get; private set; }

    public BuildTrigger Trigger { get; private set; }

    public BuildStatus Status { get; private set; }

    /// <summary>Full ref (<c>refs/heads/main</c>, <c>refs/tags/v1.2</c>).</summary>
    public string Ref { get; private set; }

    /// <summary>Null when the trigger named only a ref (API, manual): the pipeline resolves it at checkout.</summary>
    public string? CommitSha { get; private set; }

    public string? CommitMessage { get; private set; }

    public string? CommitAuthor { get; private set; }

    public string? CommitUrl { get; private set; }

    /// <summary>The webhook delivery that created this build, if any.</summary>
    public long? DeliveryId { get; private set; }

    public string? RequestedByUserId { get; private set; }

    public DateTimeOffset QueuedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>
    /// The console replica whose worker claimed it (<c>Console:ReplicaId</c>); kept after the build ends. A build left
    /// Running by a replica that is gone is recovered by a survivor (see BuildRecovery).
    /// </summary>
    public string? ClaimedBy { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Why a build ended the way it did, in words (failure cause, who rejected it, …).</summary>
    public string? StatusDetail { get; private set; }

    /// <summary>Whether a succeeded build went live (null: not deployed, or not yet): a green build whose deploy failed is not live.</summary>
    public BuildDeployStatus? DeployStatus { get; private set; }

    public bool IsFinished => Status is BuildStatus.Succeeded or BuildStatus.Failed or BuildStatus.Canceled or BuildStatus.Superseded or BuildStatus.Interrupted;

    /// <summary>
    /// A new build, Queued or AwaitingApproval. Numbering is the queue's business (it hands out numbers race-free), so
    /// the number comes in; <see cref="BuildQueued"/> is published by the queue once the row has its id.
    /// </summary>
    public static Build Queue(
        Guid componentId,
        int number,
        BuildTrigger trigger,
        string gitRef,
        bool awaitingApproval,
        DateTimeOffset queuedAt,
        BuildCommit? commit = null,
        string? requestedByUserId = null,
        long? deliveryId = null,
        string? detail = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(gitRef);
        return new Build
        {
            ComponentId = componentId,
            Number = number,
            Trigger = trigger,
            Ref = gitRef,
            Status = awaitingApproval ? BuildStatus.AwaitingApproval : BuildStatus.Queued,
            CommitSha = commit?.Sha,
            CommitMessage = Clip(commit?.Message, 4000),
            CommitAuthor = Clip(commit?.Author, 300),
            CommitUrl = Clip(commit?.Url, 2000),
            RequestedByUserId = requestedByUserId,
            DeliveryId = deliveryId,
            QueuedAt = queuedAt,
            StatusDetail = Clip(detail, DetailMaxLength),
        };
    }

    public bool CanApprove => Status == BuildStatus.AwaitingApproval;

    public bool CanCancelWithoutWorker => Status is BuildStatus.Queued or BuildStatus.AwaitingApproval;

    /// <summary>AwaitingApproval → Queued.</summary>
    public void Approve(string approvedBy, DateTimeOffset at)
    {
        Guard(CanApprove, "approve", "it is not awaiting approval");
        _ = at;
        Status = BuildStatus.Queued;
        StatusDetail = Clip($"approved by {approvedBy}", DetailMaxLength);
        Raise(new BuildApproved(ComponentId, Id, Number, approvedBy));
    }

    /// <summary>AwaitingApproval → Canceled, saying who rejected it.</summary>
    public void Reject(string rejectedBy, DateTimeOffset at)
    {
        Guard(CanApprove, "reject", "it is not awaiting approval");
        End(BuildStatus.Canceled, $"rejected by {rejectedBy}", at);
    }

    /// <summary>Queued or AwaitingApproval → Canceled. A Running build is canceled by its worker (<see cref="Finish"/>).</summary>
    public void Cancel(string detail, DateTimeOffset at)
    {
        Guard(CanCancelWithoutWorker, "cancel", "only a queued or awaiting build is canceled without its worker");
        End(BuildStatus.Canceled, detail, at);
    }

    /// <summary>Queued → Running: a worker owns it now.</summary>
    public void Claim(DateTimeOffset at, string replicaId)
    {
        Guard(Status == BuildStatus.Queued, "claim", "it is not queued");
        Status = BuildStatus.Running;
        StartedAt = at;
        ClaimedBy = replicaId;
        Raise(new BuildStarted(ComponentId, Id, Number));
    }

    /// <summary>Queued → Superseded by a newer queued build of the same component.</summary>
    public void Supersede(int byNumber, DateTimeOffset at)
    {
        Guard(Status == BuildStatus.Queued, "supersede", "it is not queued");
        Guard(byNumber > Number, "supersede", "only a newer build supersedes it");
        End(BuildStatus.Superseded, $"superseded by build #{byNumber}", at);
    }

    /// <summary>Fills in the commit a ref resolved to at checkout; what the trigger already named is kept.</summary>
    public void RecordCheckedOutCommit(BuildCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        Guard(Status == BuildStatus.Running || IsFinished, "record the commit of", "it never ran");
        CommitSha ??= commit.Sha;
        CommitMessage ??= Clip(commit.Message, 4000);
        CommitAuthor ??= Clip(commit.Author, 300);
        CommitUrl ??= Clip(commit.Url, 2000);
    }

    /// <summary>Running → Succeeded, Failed or Canceled (by its worker).</summary>
    public void Finish(BuildStatus outcome, string? detail, DateTimeOffset at)
    {
        Guard(Status == BuildStatus.Running, "finish", "it is not running");
        if (outcome is not (BuildStatus.Succeeded or BuildStatus.Failed or BuildStatus.Canceled))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A run ends Succeeded, Failed or Canceled.");
        }

        End(outcome, detail, at);
    }

    /// <summary>Running → Interrupted: the console stopped while it ran.</summary>
    public void Interrupt(string detail, DateTimeOffset at)
    {
        Guard(Status == BuildStatus.Running, "interrupt", "it is not running");
        End(BuildStatus.Interrupted, detail, at);
    }

    /// <summary>After a finished build: adds what happened next (re-queued as, deployed as) to its detail.</summary>
    public void AddFollowUp(string followUp)
    {
        Guard(IsFinished, "add a follow-up to", "it has not finished");
        StatusDetail = Clip(string.IsNullOrEmpty(StatusDetail) ? followUp : $"{StatusDetail} {followUp}", DetailMaxLength);
        Raise(new BuildFinished(ComponentId, Id, Number, Status, StatusDetail));
    }

    /// <summary>After a successful build: whether it went live, and how (the detail), replacing the build's detail.</summary>
    public void RecordDeployOutcome(BuildDeployStatus deployStatus, string outcome)
    {
        Guard(Status == BuildStatus.Succeeded, "record a deploy of", "it did not succeed");
        DeployStatus = deployStatus;
        StatusDetail = Clip(outcome, DetailMaxLength);
        Raise(new BuildFinished(ComponentId, Id, Number, Status, StatusDetail));
    }

    private void End(BuildStatus outcome, string? detail, DateTimeOffset at)
    {
        Status = outcome;
        StatusDetail = Clip(detail, DetailMaxLength);
        FinishedAt = at;
        Raise(new BuildFinished(ComponentId, Id, Number, outcome, StatusDetail));
    }

    private void Guard(bool allowed, string action, string reason)
    {
        if (!allowed)
        {
            throw new InvalidOperationException($"Cannot {action} build #{Number} ({Status}): {reason}.");
        }
    }

    private static string? Clip(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}

/// <summary>The commit a build is of, as far as it is known.</summary>
public sealed record BuildCommit(string? Sha, string? Message = null, string? Author = null, string? Url = null);

public enum BuildTrigger
{
    Webhook = 0,
    Manual = 1,
    Api = 2,
    Redeliver = 3,
    Rollback = 4,
}

/// <summary>What became of a succeeded build's deploy.</summary>
public enum BuildDeployStatus
{
    /// <summary>It serves: its release passed the health check and took the route.</summary>
    Deployed = 0,

    /// <summary>Its release failed (health check, start, missing artifact) or the deploy was cut off: it is not live.</summary>
    Failed = 1,
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
