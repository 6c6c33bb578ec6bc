namespace BlazorConsole.Domain.Auditing;

/// <summary>Who did what, when, from where. Append-only.</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    public string? ActorUserId { get; init; }

    /// <summary>The actor as typed or known (e-mail), kept even when the account is gone or never existed.</summary>
    public string? ActorName { get; init; }

    public required string Action { get; init; }

    public string? Target { get; init; }

    public string? Detail { get; init; }

    public string? RemoteIp { get; init; }
}
