using BlazorConsole.Domain.Events;

namespace BlazorConsole.Domain.Releases;

/// <summary>
/// One run of a build's artifact for a component. The row with <see cref="IsCurrent"/> is the component's desired
/// state: it is what the console serves and, when <see cref="DesiredRunning"/>, what it starts again after a restart.
/// Its state changes only through the transitions below, which guard the move and raise the matching event.
/// </summary>
public sealed class Release : AggregateRoot
{
    /// <summary>The health log kept on a release: its tail, enough to say why it failed.</summary>
    public const int HealthLogMaxLength = 8000;

    private Release()
    {
    }

    public long Id { get; private set; }

    public Guid ComponentId { get; private set; }

    /// <summary>The build whose artifact runs (no foreign key: the deploy step may run artifacts of builds it did not queue).</summary>
    public long BuildId { get; private set; }

    /// <summary>What the release runs: a directory on the console's disk or a container image.</summary>
    public ReleaseArtifactKind ArtifactKind { get; private set; }

    /// <summary>The directory's full path, or the image reference (<c>repository:tag</c> or digest).</summary>
    public string ArtifactLocation { get; private set; } = "";

    /// <summary>Procfile <c>web:</c> line or buildpack default; null = a static site the runtime serves itself.</summary>
    public string? StartCommand { get; private set; }

    /// <summary>Which <c>IRuntime</c> runs it (<c>process</c>, <c>docker</c>; Kubernetes later): chosen once, when it is created.</summary>
    public string Runtime { get; private set; } = "";

    public ReleaseStatus Status { get; private set; }

    /// <summary>The release the component's route points at (at most one per component).</summary>
    public bool IsCurrent { get; private set; }

    /// <summary>For the current release: started (true) or stopped by someone (false). Reconciled at start-up.</summary>
    public bool DesiredRunning { get; private set; }

    /// <summary>Port of the address the release answers at while it runs (loopback for processes, a published port for containers).</summary>
    public int? Port { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>The health check's attempts, kept so a Failed release says why.</summary>
    public string? HealthLog { get; private set; }

    public string? StatusDetail { get; private set; }

    /// <summary>A new release of a build's artifact, Starting (announced once saved: its id is the database's).</summary>
    public static Release Create(Guid componentId, long buildId, ReleaseArtifactKind artifactKind, string artifactLocation, string? startCommand, string runtime, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactLocation);
        if (!Enum.IsDefined(artifactKind))
        {
            throw new ArgumentOutOfRangeException(nameof(artifactKind), artifactKind, "Not an artifact kind.");
        }

        ArgumentException.ThrowIfNullOrEmpty(runtime);
        return new Release
        {
            ComponentId = componentId,
            BuildId = buildId,
            ArtifactKind = artifactKind,
            ArtifactLocation = artifactLocation,
            StartCommand = string.IsNullOrWhiteSpace(startCommand) ? null : startCommand.Trim(),
            Runtime = runtime,
            Status = ReleaseStatus.Starting,
            CreatedAt = at,
        };
    }

    /// <summary>The current release is started again (after a stop, a failure, or at console start-up): → Starting.</summary>
    public void Restart()
    {
        Guard(IsCurrent, "restart", "only the current release is started again");
        DesiredRunning = true;
        Status = ReleaseStatus.Starting;
        StatusDetail = null;
        Raise(new ReleaseStarted(ComponentId, Id, BuildId));
    }

    /// <summary>Starting → Running: it passed its health check on <paramref name="port"/> and the route points at it now.</summary>
    public void Promote(int port, string? healthLog, DateTimeOffset at)
    {
        Guard(Status == ReleaseStatus.Starting, "promote", "it is not starting");
        Status = ReleaseStatus.Running;
        Port = port;
        StartedAt = at;
        FinishedAt = null;
        HealthLog = Tail(healthLog);
        IsCurrent = true;
        DesiredRunning = true;
        Raise(new ReleasePromoted(ComponentId, Id, BuildId));
    }

    /// <summary>Starting or Running → Failed: it did not start, failed its health check, or its deploy was cut off.</summary>
    public void Fail(string detail, string? healthLog, DateTimeOffset at)
    {
        Guard(Status is ReleaseStatus.Starting or ReleaseStatus.Running, "fail", "it is not starting or running");
        Status = ReleaseStatus.Failed;
        StatusDetail = detail;
        HealthLog = Tail(healthLog);
        FinishedAt = at;
        Raise(new ReleaseFailed(ComponentId, Id, BuildId, detail));
    }

    /// <summary>Someone stopped the current release: → Stopped, and it stays stopped across console restarts.</summary>
    public void Stop(DateTimeOffset at)
    {
        Guard(IsCurrent, "stop", "only the current release is stopped");
        DesiredRunning = false;
        Status = ReleaseStatus.Stopped;
        FinishedAt = at;
        Raise(new ReleaseStopped(ComponentId, Id, BuildId));
    }

    /// <summary>A newer release took the route: this one is no longer current.</summary>
    public void Retire() => IsCurrent = false;

    /// <summary>Running or Starting → Superseded, once a newer release serves and this one drained.</summary>
    public void Supersede(DateTimeOffset at)
    {
        Guard(!IsCurrent, "supersede", "it is still the current release");
        if (Status is not (ReleaseStatus.Running or ReleaseStatus.Starting))
        {
            return; // it had already stopped or failed: that outcome stays
        }

        Status = ReleaseStatus.Superseded;
        FinishedAt = at;
        Raise(new ReleaseStopped(ComponentId, Id, BuildId));
    }

    private static string? Tail(string? log) => log is { Length: > HealthLogMaxLength } ? log[^HealthLogMaxLength..] : log;

    private void Guard(bool allowed, string action, string reason)
    {
        if (!allowed)
        {
            throw new InvalidOperationException($"Cannot {action} release {Id} ({Status}): {reason}.");
        }
    }
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

/// <summary>What a build produced for a release to run (stored by name: the values may be reordered safely).</summary>
public enum ReleaseArtifactKind
{
    /// <summary>A directory on the console's disk (the buildpacks' output); the location is its full path.</summary>
    Directory,

    /// <summary>A container image; the location is its reference (<c>repository:tag</c> or digest).</summary>
    Image,
}
