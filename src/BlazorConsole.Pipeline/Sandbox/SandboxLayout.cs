namespace BlazorConsole.Pipeline.Sandbox;

/// <summary>
/// What one sandbox sees of the machine besides the read-only system: every path appears at the same place inside
/// (so buildpacks pass the same paths they use outside), and nothing else of the data directory exists there.
/// </summary>
public sealed record SandboxLayout
{
    /// <summary>Directories the sandbox may write (the build's checkout, its artifact, its package caches; a release's scratch).</summary>
    public IReadOnlyList<string> Writable { get; init; } = [];

    /// <summary>
    /// Writable directories that keep their files from one run to the next (a component's package caches): handed to the
    /// sandbox user once, not on every run (their files are the sandbox user's already).
    /// </summary>
    public IReadOnlyList<string> Persistent { get; init; } = [];

    /// <summary>Directories or files it may read (a release's artifact, the static-site server script).</summary>
    public IReadOnlyList<string> ReadOnly { get; init; } = [];

    /// <summary>Empty private tmpfs directories (a build's HOME).</summary>
    public IReadOnlyList<string> Private { get; init; } = [];
}
