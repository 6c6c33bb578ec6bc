namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// Builds container images from a Dockerfile. The seam names no engine: the Docker engine implements it
/// (BlazorConsole.Runtime.Docker); a console without one simply has no <see cref="IImageBuilder"/>.
/// </summary>
public interface IImageBuilder
{
    /// <summary>Null when images can be built now; else why not, for people (naming the setting to fix).</summary>
    Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken);

    /// <summary>Builds the image and tags it <see cref="ImageBuildRequest.Tag"/>; each output line goes to <paramref name="log"/>.</summary>
    /// <returns>The reference a release runs (the tag).</returns>
    /// <exception cref="BuildFailedException">A step failed; the message names the step and the engine's error.</exception>
    /// <exception cref="OperationCanceledException">Canceled: the engine's build is stopped too, and nothing is tagged.</exception>
    Task<string> BuildAsync(ImageBuildRequest request, Action<string> log, CancellationToken cancellationToken);

    /// <summary>Whether the engine's store still has the image.</summary>
    Task<bool> ExistsAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Removes the image (no-op when it is gone already).</summary>
    Task RemoveAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// The base image an operator set for a buildpack language (<c>Docker:RunImage:NodeJs</c>): a build of that language
    /// for a component whose releases run as containers is packaged onto it. Null = none (the release runs as a process).
    /// </summary>
    string? RunImageFor(Detection.AppLanguage language);
}

/// <param name="ContextDirectory">The directory sent as the build context (the checkout).</param>
/// <param name="DockerfilePath">Relative to the context, with <c>/</c> separators.</param>
/// <param name="Target">The stage to build (<c>--target</c>); null = the last one.</param>
/// <param name="BuildArguments">Only arguments the Dockerfile declares; never secrets.</param>
/// <param name="Tag">The full reference to tag the image with (<c>blazorconsole/team/app:7</c>).</param>
public sealed record ImageBuildRequest(
    string ContextDirectory,
    string DockerfilePath,
    string? Target,
    IReadOnlyDictionary<string, string> BuildArguments,
    string Tag,
    IReadOnlyDictionary<string, string> Labels);
