using System.Text.Json;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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

    /// <summary>The image reference of a Dockerfile build (its artifact is in the engine's store, not in <see cref="Directory"/>).</summary>
    public string? Image { get; init; }

    public ReleaseArtifact Artifact => Image is { } image ? ReleaseArtifact.OfImage(image) : ReleaseArtifact.InDirectory(Directory);
}

/// <summary>
/// Build outputs under <c>&lt;DataDir&gt;/artifacts/&lt;component&gt;/&lt;build&gt;/</c>; the last
/// <see cref="BuildsOptions.KeepArtifacts"/> per component are kept (plus any the caller still runs). An image build keeps
/// only its manifest here; pruning it removes the image through <see cref="IImageBuilder"/> (best effort).
/// </summary>
public sealed partial class ArtifactStore(
    PipelinePaths paths,
    IOptions<BuildsOptions> options,
    TimeProvider time,
    IImageBuilder? images = null,
    ILogger<ArtifactStore>? logger = null)
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
    /// <param name="image">The image a Dockerfile build produced (its empty artifact directory is removed); null for a directory artifact.</param>
    /// <param name="inUse">Build keys whose artifacts must stay whatever their age (the running release, a rollback target).</param>
    public async Task<ArtifactManifest> CommitAsync(string componentKey, string buildKey, string commitSha, string language, string? startCommand,
        string? image = null, IEnumerable<string>? inUse = null, CancellationToken cancellationToken = default)
    {
        var directory = paths.ArtifactDirectory(componentKey, buildKey);
        var manifest = new ArtifactManifest(componentKey, buildKey, commitSha, language, startCommand, time.GetUtcNow())
        {
            Directory = image is null ? directory : "",
            Image = image,
        };
        await File.WriteAllTextAsync(ManifestPath(componentKey, buildKey), JsonSerializer.Serialize(manifest, Json), cancellationToken).ConfigureAwait(false);
        if (image is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        await PruneAsync(componentKey, (inUse ?? []).Append(buildKey), cancellationToken).ConfigureAwait(false);
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
            .Where(m => m.Image is not null || Directory.Exists(paths.ArtifactDirectory(componentKey, m.BuildKey)))
            .Select(m => m.Image is not null ? m : m with { Directory = paths.ArtifactDirectory(componentKey, m.BuildKey) })
            .OrderByDescending(m => m.CreatedAt)
            .ThenByDescending(m => m.BuildKey, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Deletes complete artifacts beyond the newest <see cref="BuildsOptions.KeepArtifacts"/> and removes their images;
    /// returns their build keys. An image that cannot be removed is logged and left: retention never fails a build.
    /// </summary>
    public async Task<IReadOnlyList<string>> PruneAsync(string componentKey, IEnumerable<string>? inUse = null, CancellationToken cancellationToken = default)
    {
        var keep = new HashSet<string>(inUse ?? [], StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (var old in List(componentKey).Skip(options.Value.KeepArtifacts).Where(m => !keep.Contains(m.BuildKey)))
        {
            Discard(componentKey, old.BuildKey);
            deleted.Add(old.BuildKey);
            if (old.Image is { } image && images is not null)
            {
                try
                {
                    await images.RemoveAsync(image, cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // best effort by design: whatever the engine answers, the build's outcome stands
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogImageNotRemoved(logger ?? NullLogger<ArtifactStore>.Instance, e, image);
                }
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pruned artifact's image {Image} could not be removed")]
    private static partial void LogImageNotRemoved(ILogger logger, Exception exception, string image);

    private string ManifestPath(string componentKey, string buildKey) => paths.ArtifactDirectory(componentKey, buildKey) + ManifestSuffix;
}
