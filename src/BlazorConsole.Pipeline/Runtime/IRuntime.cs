namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Runs releases. The embedded default is <see cref="ProcessRuntime"/> (supervised child processes on loopback ports);
/// Docker and Kubernetes runtimes implement the same seam later.
/// </summary>
public interface IRuntime
{
    /// <summary>Stored on each release (<c>process</c>, <c>docker</c>, …).</summary>
    string Name { get; }

    /// <summary>Starts the release and returns once its process runs (not yet healthy: the deployer checks that).</summary>
    Task<RuntimeEndpoint> StartAsync(ReleaseLaunch launch, CancellationToken cancellationToken);

    /// <summary>Stops the release (SIGTERM, then kill after <paramref name="grace"/>); no-op when it does not run.</summary>
    Task StopAsync(long releaseId, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Live state of a release this runtime runs, or null when it runs nothing under that id.</summary>
    RuntimeInstanceState? GetState(long releaseId);

    /// <summary>Stops what a previous console process left running (crash, kill -9), before desired releases start.</summary>
    Task CleanUpLeftoversAsync(CancellationToken cancellationToken);

    /// <summary>Stops every release it runs (console shutdown); the desired state stays stored.</summary>
    Task StopAllAsync(CancellationToken cancellationToken);
}

/// <summary>What to run: the artifact, its start command (null = static files) and the environment it gets.</summary>
public sealed record ReleaseLaunch(
    long ReleaseId,
    Guid ComponentId,
    string ArtifactDirectory,
    string? StartCommand,
    IReadOnlyDictionary<string, string> Variables,
    Action<string> Log);

/// <summary>Where a started release listens (loopback).</summary>
public sealed record RuntimeEndpoint(string Host, int Port, int? ProcessId)
{
    public Uri BaseAddress => new($"http://{Host}:{Port}/");
}

public enum RuntimeInstancePhase
{
    Running,
    Restarting,
    CrashLoop,
    Stopped,
}

public sealed record RuntimeInstanceState(RuntimeInstancePhase Phase, int? ProcessId, int Port, int Restarts, string? LastExit);
