namespace BlazorConsole.Domain.Releases;

/// <summary>
/// One run of a build's artifact for a component. The row with <see cref="IsCurrent"/> is the component's desired
/// state: it is what the console serves and, when <see cref="DesiredRunning"/>, what it starts again after a restart.
/// </summary>
public sealed class Release
{
    public long Id { get; init; }

    public Guid ComponentId { get; init; }

    /// <summary>The build whose artifact runs (no foreign key: the deploy step may run artifacts of builds it did not queue).</summary>
    public long BuildId { get; init; }

    public required string ArtifactDirectory { get; init; }

    /// <summary>Procfile <c>web:</c> line or buildpack default; null = a static site the runtime serves itself.</summary>
    public string? StartCommand { get; init; }

    /// <summary>Which <c>IRuntime</c> runs it (<c>process</c> today; Docker and Kubernetes later).</summary>
    public required string Runtime { get; init; }

    public ReleaseStatus Status { get; set; }

    /// <summary>The release the component's route points at (at most one per component).</summary>
    public bool IsCurrent { get; set; }

    /// <summary>For the current release: started (true) or stopped by someone (false). Reconciled at start-up.</summary>
    public bool DesiredRunning { get; set; }

    /// <summary>Loopback port the release listens on while it runs.</summary>
    public int? Port { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The health check's attempts, kept so a Failed release says why.</summary>
    public string? HealthLog { get; set; }

    public string? StatusDetail { get; set; }
}

public enum ReleaseStatus
{
    Starting = 0,
    Running = 1,
    Stopped = 2,
    Failed = 3,

    /// <summary>Replaced by a newer release and stopped after draining.</summary>
    Superseded = 4,
}
