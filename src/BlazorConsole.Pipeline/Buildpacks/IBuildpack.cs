using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// Builds one language: runs its tools through <see cref="BuildpackContext.RunAsync"/> in the source directory and
/// leaves the runnable app in <see cref="BuildpackContext.ArtifactDirectory"/> (its final place, so that paths baked
/// in by tools such as a Python venv stay valid).
/// </summary>
public interface IBuildpack
{
    AppLanguage Language { get; }

    /// <summary>Shown in the log, e.g. "Node.js (npm)".</summary>
    string Name { get; }

    /// <summary>Executables that must be on PATH, e.g. node and npm.</summary>
    IReadOnlyList<string> RequiredTools { get; }

    /// <summary>Builds; returns the default start command (used when there is no Procfile <c>web:</c> line), or null.</summary>
    /// <exception cref="BuildFailedException">A step failed.</exception>
    Task<string?> BuildAsync(BuildpackContext context, CancellationToken cancellationToken);
}
