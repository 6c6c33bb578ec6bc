using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// A repository with a Dockerfile builds with it, through the console's <see cref="IImageBuilder"/> (the Docker
/// engine); the artifact is the tagged image (<see cref="BuildpackContext.ProducedImage"/>), not a directory.
/// </summary>
public sealed class DockerfileBuildpack(IImageBuilder? images = null) : IBuildpack
{
    public const string DefaultDockerfile = "Dockerfile";

    public AppLanguage Language => AppLanguage.Dockerfile;

    public string Name => "Dockerfile (Docker Engine API)";

    // Nothing on PATH: the engine is reached over its API, and its absence is reported with the setting to fix.
    public IReadOnlyList<string> RequiredTools { get; } = [];

    public async Task<string?> BuildAsync(BuildpackContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reason = images is null
            ? "no Docker engine is registered in this console"
            : await images.UnavailableReasonAsync(cancellationToken).ConfigureAwait(false);
        if (images is null || reason is not null)
        {
            throw new BuildFailedException($"this repository builds with its Dockerfile: configure Docker:Endpoint ({reason})");
        }

        var inputs = context.Image ?? throw new InvalidOperationException("A Dockerfile build needs the image's inputs (BuildpackContext.Image).");
        var dockerfile = DockerfileIn(context.SourceDirectory, inputs.DockerfilePath ?? DefaultDockerfile);
        var text = RepositoryFile.ReadText(context.SourceDirectory, dockerfile.FullPath) ?? "";
        var arguments = BuildArguments(DockerfileArguments.Declared(text), inputs.Variables, inputs.Secrets);
        if (DockerfileImages.RefusalReason(text, arguments, DockerfileImages.Repository(inputs.Tag)) is { } refused)
        {
            throw new BuildFailedException(refused);
        }

        context.Log.Write($"Building image {inputs.Tag} from {dockerfile.Relative}" + (inputs.Target is { } target ? $" (stage {target})" : "")
            + (arguments.Count > 0 ? $" with build arguments {string.Join(", ", arguments.Keys.Order(StringComparer.Ordinal))}" : ""));

        var image = await images.BuildAsync(
            new ImageBuildRequest(context.SourceDirectory, dockerfile.Relative, inputs.Target, arguments, inputs.Tag, inputs.Labels),
            context.Log.Write, cancellationToken).ConfigureAwait(false);
        context.ProducedImage = image;
        context.Log.Write($"Image {image} built");
        return null; // the image's own CMD/ENTRYPOINT starts it
    }

    /// <summary>The declared ARGs the component has a value for; a value that is a secret is never passed.</summary>
    public static IReadOnlyDictionary<string, string> BuildArguments(
        IReadOnlySet<string> declared, IReadOnlyDictionary<string, string> variables, IReadOnlyCollection<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(secrets);
        // Build arguments stay readable in the image's history (docker history), so a secret must never become one.
        return variables
            .Where(v => declared.Contains(v.Key) && !secrets.Any(s => s.Length > 0 && v.Value.Contains(s, StringComparison.Ordinal)))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
    }

    private static (string FullPath, string Relative) DockerfileIn(string source, string relative)
    {
        var root = Path.GetFullPath(source);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BuildFailedException($"The Dockerfile path '{relative}' leaves the repository.");
        }

        if (!File.Exists(full) && !RepositoryFile.IsLink(full))
        {
            throw new BuildFailedException($"The repository has no {relative}.");
        }

        return (full, Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/'));
    }
}
