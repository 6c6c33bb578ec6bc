using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>A static site: nothing to build; the artifact is the files. The runtime serves them (no start command).</summary>
public sealed class StaticBuildpack : IBuildpack
{
    public AppLanguage Language => AppLanguage.Static;

    public string Name => "Static files";

    public IReadOnlyList<string> RequiredTools { get; } = [];

    public Task<string?> BuildAsync(BuildpackContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = DirectoryCopy.Copy(context.SourceDirectory, context.ArtifactDirectory, name => name != "Procfile", cancellationToken);
        context.Log.Write($"Static site: {files} files, nothing to build.");
        return Task.FromResult<string?>(null);
    }
}
