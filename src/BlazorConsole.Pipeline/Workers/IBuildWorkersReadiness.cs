namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// The host's start-up state as the workers see it: they wait until the database is migrated before they recover
/// interrupted builds, and say when they run (the host's health check reports it).
/// </summary>
public interface IBuildWorkersReadiness
{
    bool DatabaseReady { get; }

    /// <summary>Interrupted builds recovered and workers started (<paramref name="running"/>), or workers disabled by configuration.</summary>
    void MarkWorkersReady(bool running);
}
