using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>What a successful build left for the deploy step (stored beside the artifact as <c>&lt;build&gt;.artifact.json</c>).</summary>
public sealed record ArtifactManifest(
    string ComponentKey,
    string BuildKey,
    string CommitSha,
    string Language,
    string? StartCommand,
    DateTimeOffset CreatedAt)
{
    public string Directory { get; init; } = "";
}

/// <summary>
/// Build outputs under <c>&lt;DataDir&gt;/artifacts/&lt;component&gt;/&lt;build&gt;/</c>; the last
/// <see cref="BuildsOptions.KeepArtifacts"/> per component are kept (plus any the caller still runs).
/// </summary>
public sealed class ArtifactStore(PipelinePaths paths, IOptions<BuildsOptions> options, TimeProvider time)
{
    private const string ManifestSuffix = ".artifact.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>An empty directory for the build's artifact (an earlier attempt of the same build is removed).</summary>
    public string Prepare(string componentKey, string buildKey)
    {
        var directory = paths.ArtifactDirectory(componentKey, buildKey);
        Discard(componentKey, buildKey);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Marks the artifact complete (writes its manifest), then deletes the component's oldest artifacts.</summary>
    /// <param name="inUse">Build keys whose artifacts must stay whatever their age (the running release, a rollback target).</param>
    public ArtifactManifest Commit(string componentKey, string buildKey, string commitSha, string language, string? startCommand,
        IEnumerable<string>? inUse = null)
    {
        var manifest = new ArtifactManifest(componentKey, buildKey, commitSha, language, startCommand, time.GetUtcNow())
        {
            Directory = paths.ArtifactDirectory(componentKey, buildKey),
        };
        File.WriteAllText(ManifestPath(componentKey, buildKey), JsonSerializer.Serialize(manifest, Json));
        Prune(componentKey, (inUse ?? []).Append(buildKey));
        return manifest;
    }

    public void Discard(string componentKey, string buildKey)
    {
        if (File.Exists(ManifestPath(componentKey, buildKey)))
        {
            File.Delete(ManifestPath(componentKey, buildKey));
        }

        var directory = paths.ArtifactDirectory(componentKey, buildKey);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Complete artifacts of a component, newest first.</summary>
    public IReadOnlyList<ArtifactManifest> List(string componentKey)
    {
        var directory = paths.ComponentArtifactsDirectory(componentKey);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, "*" + ManifestSuffix)
            .Select(f => JsonSerializer.Deserialize<ArtifactManifest>(File.ReadAllText(f), Json))
            .OfType<ArtifactManifest>()
            .Where(m => Directory.Exists(paths.ArtifactDirectory(componentKey, m.BuildKey)))
            .Select(m => m with { Directory = paths.ArtifactDirectory(componentKey, m.BuildKey) })
            .OrderByDescending(m => m.CreatedAt)
            .ThenByDescending(m => m.BuildKey, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Deletes complete artifacts beyond the newest <see cref="BuildsOptions.KeepArtifacts"/>; returns their build keys.</summary>
    public IReadOnlyList<string> Prune(string componentKey, IEnumerable<string>? inUse = null)
    {
        var keep = new HashSet<string>(inUse ?? [], StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (var old in List(componentKey).Skip(options.Value.KeepArtifacts).Where(m => !keep.Contains(m.BuildKey)))
        {
            Discard(componentKey, old.BuildKey);
            deleted.Add(old.BuildKey);
        }

        return deleted;
    }

    /// <summary>After a restart: removes artifact directories that never got a manifest (builds that were interrupted).</summary>
    public int DeleteIncomplete()
    {
        if (!Directory.Exists(paths.ArtifactsDirectory))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var component in Directory.EnumerateDirectories(paths.ArtifactsDirectory))
        {
            foreach (var build in Directory.EnumerateDirectories(component))
            {
                if (!File.Exists(build + ManifestSuffix))
                {
                    Directory.Delete(build, recursive: true);
                    deleted++;
                }
            }
        }

        return deleted;
    }

    private string ManifestPath(string componentKey, string buildKey) => paths.ArtifactDirectory(componentKey, buildKey) + ManifestSuffix;
}
