using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;

namespace BlazorConsole.Domain.Events;

/// <summary>A build was created, Queued or AwaitingApproval.</summary>
public sealed record BuildQueued(Guid ComponentId, long BuildId, int Number, BuildStatus Status) : IDomainEvent;

/// <summary>
/// Someone canceled a Running build: whichever replica runs it kills its process tree (its worker then records
/// Canceled). Not a transition: the row stays Running until the worker has stopped.
/// </summary>
public sealed record BuildCancelRequested(Guid ComponentId, long BuildId, string Reason) : IDomainEvent;

/// <summary>An approver let a build that was AwaitingApproval into the queue.</summary>
public sealed record BuildApproved(Guid ComponentId, long BuildId, int Number, string? ApprovedBy) : IDomainEvent;

/// <summary>A worker claimed a build and it runs.</summary>
public sealed record BuildStarted(Guid ComponentId, long BuildId, int Number) : IDomainEvent;

/// <summary>A build ended: Succeeded, Failed, Canceled, Superseded or Interrupted.</summary>
public sealed record BuildFinished(Guid ComponentId, long BuildId, int Number, BuildStatus Outcome, string? Detail) : IDomainEvent;

/// <summary>A release is starting: a new one (announced once saved) or the current one again.</summary>
public sealed record ReleaseStarted(Guid ComponentId, long ReleaseId, long BuildId) : IDomainEvent;

/// <summary>A release passed its health check and the component's route now points at it.</summary>
public sealed record ReleasePromoted(Guid ComponentId, long ReleaseId, long BuildId) : IDomainEvent;

/// <summary>A release did not go live (health check, start failure) or crashed for good.</summary>
public sealed record ReleaseFailed(Guid ComponentId, long ReleaseId, long BuildId, string? Reason) : IDomainEvent;

/// <summary>A release stopped: someone stopped it, or a newer one replaced it.</summary>
public sealed record ReleaseStopped(Guid ComponentId, long ReleaseId, long BuildId) : IDomainEvent;

/// <summary>A webhook delivery was stored with its decision.</summary>
public sealed record DeliveryRecorded(Guid ComponentId, long DeliveryId, WebhookDecision Decision, SkipReason? Reason, long? BuildId) : IDomainEvent;

/// <summary>The supersede sweep ended a component's older Queued builds because a newer one waits.</summary>
public sealed record BuildsSuperseded(Guid ComponentId) : IDomainEvent;

/// <summary>The language a component builds with changed: detected from its code, or chosen by someone.</summary>
public sealed record ComponentLanguageChanged(Guid ComponentId, string? Language) : IDomainEvent;

/// <summary>
/// Live updates from the other replicas resumed after an outage (Redis came back): what happened meanwhile was not
/// heard, so every open page re-reads. Concerns every component (<see cref="ComponentId"/> is empty); published in
/// process only.
/// </summary>
public sealed record LiveUpdatesResumed : IDomainEvent
{
    public Guid ComponentId => Guid.Empty;
}
