using BlazorConsole.Domain.Releases;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Runs releases. The seam knows no engine: an artifact is a reference (<see cref="ReleaseArtifact"/>: a directory
/// today, an image later), a running release is reached at a <see cref="Uri"/>, and its state is asked for
/// asynchronously (a container engine answers over its API). The embedded engine is the process runtime
/// (BlazorConsole.Runtime.Process); Docker and Kubernetes runtimes implement the same seam beside it.
/// </summary>
public interface IRuntime
{
    /// <summary>Stored on each release (<c>process</c>, <c>docker</c>, …).</summary>
    string Name { get; }

    /// <summary>Whether this engine runs artifacts of that kind at all (the process runtime: directories; Docker: images).</summary>
    bool CanRun(ReleaseArtifactKind kind);

    /// <summary>
    /// Whether every replica of the console can route to, watch and stop what this engine started (a shared Docker
    /// daemon: yes; a child process of one replica: no). Only such engines run releases with several replicas.
    /// </summary>
    bool ServesEveryReplica => false;

    /// <summary>
    /// Null when the engine can start releases now; else why not, in words that name the setting to fix (the process
    /// runtime is always there; Docker may not answer at its endpoint). A release that needs it fails with this reason.
    /// </summary>
    ValueTask<string?> UnavailableReasonAsync(CancellationToken cancellationToken);

    /// <summary>Starts the release and returns once it runs (not yet healthy: the deployer checks that).</summary>
    Task<RuntimeEndpoint> StartAsync(ReleaseLaunch launch, CancellationToken cancellationToken);

    /// <summary>Stops the release (politely, then forcibly after <paramref name="grace"/>); no-op when it does not run.</summary>
    Task StopAsync(long releaseId, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Live state of a release this runtime runs, or null when it runs nothing under that id.</summary>
    ValueTask<RuntimeInstanceState?> GetStateAsync(long releaseId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this runtime can still start <paramref name="artifact"/> (a kept directory still on disk, an image still
    /// in the engine's store): rollback targets and restarts ask before they count on it.
    /// </summary>
    ValueTask<bool> IsAvailableAsync(ReleaseArtifact artifact, CancellationToken cancellationToken);

    /// <summary>
    /// Start-up, before the desired releases start: stops what a previous console process left running (crash, kill -9,
    /// or a shutdown that left containers up). An engine that can adopt keeps the instances of
    /// <paramref name="desiredReleaseIds"/> running, and its <see cref="StartAsync"/> of such a release takes the running
    /// instance over instead of starting another one.
    /// </summary>
    Task CleanUpLeftoversAsync(IReadOnlyCollection<long> desiredReleaseIds, CancellationToken cancellationToken);

    /// <summary>
    /// Console shutdown: stops every release it runs (or, for an engine whose instances outlive the console, lets go of
    /// them to be adopted by the next start); the desired state stays stored.
    /// </summary>
    Task StopAllAsync(CancellationToken cancellationToken);
}

/// <summary>A reference to a build's runnable output: which kind, and where it is.</summary>
public sealed record ReleaseArtifact(ReleaseArtifactKind Kind, string Location)
{
    public static ReleaseArtifact InDirectory(string path) => new(ReleaseArtifactKind.Directory, path);

    public static ReleaseArtifact OfImage(string reference) => new(ReleaseArtifactKind.Image, reference);

    /// <summary>For messages: <c>directory /data/artifacts/…</c>, <c>image blazorconsole/…:7</c>.</summary>
    public override string ToString() => $"{(Kind == ReleaseArtifactKind.Directory ? "directory" : "image")} {Location}";
}

/// <summary>What to run: the artifact, its start command (null = static files) and the environment it gets.</summary>
public sealed record ReleaseLaunch(
    long ReleaseId,
    Guid ComponentId,
    ReleaseArtifact Artifact,
    string? StartCommand,
    IReadOnlyDictionary<string, string> Variables,
    Action<string> Log);

/// <summary>Where a started release answers (the router's destination and the health check's target).</summary>
/// <param name="Address">Base address, e.g. <c>http://127.0.0.1:41234/</c>.</param>
/// <param name="Instance">What the runtime calls the running instance, for people (<c>pid 1234</c>, a container id); null when it has none.</param>
public sealed record RuntimeEndpoint(Uri Address, string? Instance = null);

public enum RuntimeInstancePhase
{
    Running,
    Restarting,
    CrashLoop,
    Stopped,
}

/// <summary>A running release as its runtime sees it now.</summary>
/// <param name="Instance">The runtime's label of the current instance (<c>pid 1234</c>, a container id); null between restarts.</param>
public sealed record RuntimeInstanceState(RuntimeInstancePhase Phase, Uri Address, string? Instance, int Restarts, string? LastExit)
{
    /// <summary>
    /// The instance's process id on the console's machine when the runtime knows one (the process runtime; a container's
    /// init process could be named too); the API's <c>pid</c>.
    /// </summary>
    public int? HostProcessId { get; init; }
}
