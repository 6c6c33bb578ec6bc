using System.Text.RegularExpressions;

namespace BlazorConsole.Pipeline;

/// <summary>
/// Where the pipeline keeps its files, all under the console's data directory:
/// <c>mirrors/</c> (one bare mirror per repository, beside it a pristine copy of the last checked-out files), <c>work/</c> (one directory per running build, deleted after it),
/// <c>logs/builds/</c> (one log file per build), <c>artifacts/&lt;component&gt;/&lt;build&gt;/</c>, <c>cache/</c> (package caches).
/// With several replicas the build logs live under a directory they share (<c>Console:SharedDir</c>) instead, so each
/// replica reads the log of a build another one runs.
/// </summary>
public sealed partial class PipelinePaths
{
    public PipelinePaths(string dataDirectory, string? sharedDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        SharedDirectory = string.IsNullOrWhiteSpace(sharedDirectory) ? null : Path.GetFullPath(sharedDirectory);
    }

    public string DataDirectory { get; }

    /// <summary>The directory every replica reads and writes (build logs); null = one console, all under <see cref="DataDirectory"/>.</summary>
    public string? SharedDirectory { get; }

    public string MirrorsDirectory => Path.Combine(DataDirectory, "mirrors");

    public string WorkDirectory => Path.Combine(DataDirectory, "work");

    public string LogsDirectory => Path.Combine(SharedDirectory ?? DataDirectory, "logs", "builds");

    public string ArtifactsDirectory => Path.Combine(DataDirectory, "artifacts");

    public string CacheDirectory => Path.Combine(DataDirectory, "cache");

    /// <summary>A component's own package caches: builds of other components (other teams) never share them.</summary>
    public string ComponentCacheDirectory(string componentKey) => Path.Combine(CacheDirectory, Key(componentKey, nameof(componentKey)));

    public string BuildWorkDirectory(string buildKey) => Path.Combine(WorkDirectory, Key(buildKey, nameof(buildKey)));

    public string LogFile(string buildKey) => Path.Combine(LogsDirectory, Key(buildKey, nameof(buildKey)) + ".log");

    public string ComponentArtifactsDirectory(string componentKey) => Path.Combine(ArtifactsDirectory, Key(componentKey, nameof(componentKey)));

    public string ArtifactDirectory(string componentKey, string buildKey) =>
        Path.Combine(ComponentArtifactsDirectory(componentKey), Key(buildKey, nameof(buildKey)));

    /// <summary>
    /// Component and build keys become directory names: letters, digits, '.', '_' and '-', starting with a letter or digit,
    /// at most 128 characters (an id, a number or a slug).
    /// </summary>
    public static string Key(string value, string parameterName)
    {
        if (string.IsNullOrEmpty(value) || !KeyPattern().IsMatch(value))
        {
            throw new ArgumentException(
                $"'{value}' cannot be used as a {parameterName}: use letters, digits, '.', '_' or '-' (starting with a letter or digit, at most 128).",
                parameterName);
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
