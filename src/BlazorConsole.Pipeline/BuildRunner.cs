using BlazorConsole.Domain.Releases;
using System.Diagnostics;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Pipeline.Sandbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline;

/// <summary>
/// Runs one build end to end with the building blocks: checkout (cached mirror) → detect → buildpack (child processes,
/// scrubbed environment, timeout, cancel kills the process tree) → artifact (+ pruning), every step logged through
/// the redactor into the build's log. The queue's worker calls <see cref="RunAsync"/> and stores the result.
/// Never throws for a failed build: the outcome and reason are in the result.
/// </summary>
public sealed partial class BuildRunner(
    PipelinePaths paths,
    GitCheckout checkout,
    BuildpackCatalog buildpacks,
    BuildLogStore logs,
    ArtifactStore artifacts,
    ProcessSandbox sandbox,
    IOptions<BuildsOptions> options,
    TimeProvider time,
    ILogger<BuildRunner> logger,
    IImageBuilder? images = null)
{
    /// <summary>Called with the id of each child process started (tests, diagnostics).</summary>
    internal Action<int>? OnProcessStarted { get; set; }

    public async Task<BuildResult> RunAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        PipelinePaths.Key(request.ComponentKey, nameof(request.ComponentKey));
        var startedAt = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var timeout = request.Timeout ?? options.Value.Timeout;
        var redactor = SecretRedactor.For(request.Credentials ?? EmbeddedCredentials(request.RepositoryUrl), request.Secrets);
        using var log = logs.OpenWriter(request.BuildKey, redactor);
        var work = paths.BuildWorkDirectory(request.BuildKey);
        var source = Path.Combine(work, "src");
        var home = Path.Combine(work, "home");

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        CheckoutResult? commit = null;
        LanguageMatch? language = null;
        LanguageMatch? detected = null;
        string? artifactDirectory = null;
        string? image = null;
        SandboxSession? session = null;
        try
        {
            log.Write($"{request.Title ?? $"Build {request.BuildKey} of {request.ComponentKey}"} from {RepositoryUrl.Parse(request.RepositoryUrl)} "
                + (request.CommitSha is { } sha ? $"at {sha}" : $"at {request.Ref}"));
            foreach (var note in request.Notes)
            {
                log.Write(note);
            }

            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            Directory.CreateDirectory(home);
            commit = await checkout.CheckoutAsync(
                new CheckoutRequest(request.RepositoryUrl, source, request.CommitSha, request.Ref, request.Credentials),
                log.Write, linked.Token).ConfigureAwait(false);

            var detection = LanguageDetector.Detect(source);
            detected = detection.Primary;
            log.Write(detection.Matches.Count == 0 ? "Detected no language"
                : $"Detected {detection.Primary}" + (detection.Matches.Count > 1 ? $" (also: {string.Join(", ", detection.Matches.Skip(1))})" : ""));
            var (buildpack, match) = buildpacks.Select(detection, request.Language, sandbox.SearchPath);
            language = match;
            log.Write($"Buildpack: {buildpack.Name}");

            artifactDirectory = artifacts.Prepare(request.ComponentKey, request.BuildKey);
            var cache = options.Value.SharePackageCaches ? paths.ComponentCacheDirectory(request.ComponentKey) : null;
            if (cache is not null)
            {
                Directory.CreateDirectory(cache);
            }

            // The build's tools see (and may write) only its checkout, its artifact and its component's caches; HOME is private.
            session = sandbox.Open("build-" + request.BuildKey,
                new SandboxLayout { Writable = [source, artifactDirectory], Persistent = cache is null ? [] : [cache], Private = [home] },
                options.Value.Limits, log.Write);
            var context = new BuildpackContext(source, artifactDirectory, home, cache, match, log, request.Environment, timeout - watch.Elapsed, time)
            {
                OnProcessStarted = OnProcessStarted,
                Sandbox = session,
                Image = ImageInputs(request),
            };
            var defaultStart = await buildpack.BuildAsync(context, linked.Token).ConfigureAwait(false);
            image = context.ProducedImage;
            // An image starts with its own CMD; a Procfile beside a Dockerfile is not the release's command.
            var procfileWeb = image is null ? Procfile.Load(source)?.Web : null;
            var start = procfileWeb ?? defaultStart;
            if (procfileWeb is not null)
            {
                log.Write($"Start command (Procfile web): {procfileWeb}");
            }
            else if (start is not null)
            {
                log.Write($"Start command: {start}");
            }

            if (image is null && request.ContainerReleases)
            {
                // The build's processes are gone before the console itself touches the artifact directory they could write.
                session?.Dispose();
                session = null;
                image = await PackageOntoRunImageAsync(request, match.Language, artifactDirectory, start, log, linked.Token).ConfigureAwait(false);
            }

            await artifacts.CommitAsync(request.ComponentKey, request.BuildKey, commit.CommitSha, match.Language.DisplayName(), start, image,
                request.ArtifactsInUse, CancellationToken.None).ConfigureAwait(false);
            log.Write($"Build succeeded in {watch.Elapsed.TotalSeconds:0.0} s; artifact of build {request.BuildKey} kept");
            return Result(BuildOutcome.Succeeded, false, null, start,
                image is not null ? ReleaseArtifact.OfImage(image) : ReleaseArtifact.InDirectory(artifactDirectory));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(BuildOutcome.Canceled, false, "The build was canceled.");
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && ex is OperationCanceledException or BuildFailedException)
        {
            return Fail(BuildOutcome.Failed, true, $"The build timed out after {timeout.TotalMinutes:0.#} minutes.");
        }
        catch (BuildFailedException ex)
        {
            return Fail(BuildOutcome.Failed, ex.TimedOut || ex.OwnLimitReached,
                ex.TimedOut ? $"The build timed out after {timeout.TotalMinutes:0.#} minutes." : ex.Message);
        }
        catch (GitCheckoutException ex)
        {
            return Fail(BuildOutcome.Failed, false, ex.Message);
        }
        catch (SandboxUnavailableException ex)
        {
            return Fail(BuildOutcome.Failed, false, ex.Message);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return Fail(BuildOutcome.Failed, false, "A .dockerignore pattern took too long to match (stacked ** patterns?); simplify it.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LibGit2Sharp.LibGit2SharpException or System.ComponentModel.Win32Exception)
        {
            LogBuildError(logger, ex, request.BuildKey);
            return Fail(BuildOutcome.Failed, false, $"The build failed: {redactor.Redact(ex.Message)}");
        }
        finally
        {
            session?.Dispose();
            ScratchDirectory.TryDelete(work);
        }

        BuildResult Fail(BuildOutcome outcome, bool timedOut, string reason)
        {
            if (artifactDirectory is not null)
            {
                artifacts.Discard(request.ComponentKey, request.BuildKey);
            }

            log.Write(outcome == BuildOutcome.Canceled ? reason : "Build failed: " + reason);
            return Result(outcome, timedOut, redactor.Redact(reason), null, null);
        }

        BuildResult Result(BuildOutcome outcome, bool timedOut, string? reason, string? start, ReleaseArtifact? artifact)
        {
            var last = log.LastSequence;
            log.Complete();
            LogBuildFinished(logger, request.BuildKey, request.ComponentKey, outcome, watch.ElapsedMilliseconds);
            var directory = artifact is { Kind: ReleaseArtifactKind.Directory } ? artifact.Location : null;
            return new BuildResult(outcome, timedOut, reason, commit?.CommitSha, commit?.CommitMessage, commit?.CommitAuthor, language, start, directory,
                log.Path, last, startedAt, time.GetUtcNow())
            {
                Detected = detected,
                Artifact = artifact,
            };
        }
    }

    /// <summary>
    /// A buildpack's artifact for a component whose releases run as containers: copied onto the operator's run image of
    /// its language (<c>/app</c>, the start command as CMD through <c>/bin/sh -c</c>). Null (a process release) when the
    /// language has no run image or there is no command to start.
    /// </summary>
    private async Task<string?> PackageOntoRunImageAsync(BuildRequest request, AppLanguage language, string artifactDirectory, string? start, BuildLogWriter log,
        CancellationToken cancellationToken)
    {
        if (images?.RunImageFor(language) is not { } runImage)
        {
            log.Write($"No run image is set for {language.DisplayName()} (Docker:RunImage:{language}): the release runs as a process.");
            return null;
        }

        if (start is null)
        {
            log.Write($"No start command: the static site is served as a process, not on the run image {runImage}.");
            return null;
        }

        if (await images.UnavailableReasonAsync(cancellationToken).ConfigureAwait(false) is { } reason)
        {
            throw new BuildFailedException($"this component's releases run on Docker ({language.DisplayName()} on {runImage}): configure Docker:Endpoint ({reason})");
        }

        const string Dockerfile = ".blazorconsole.Dockerfile";
        var command = System.Text.Json.JsonSerializer.Serialize(new[] { "/bin/sh", "-c", start });
        // The build could have left a link under this name (to the console's database, say): it is removed, and the file
        // created anew (CreateNew never follows a link), so the console writes only into the artifact.
        var dockerfilePath = Path.Combine(artifactDirectory, Dockerfile);
        File.Delete(dockerfilePath);
        await using (var file = new FileStream(dockerfilePath, FileMode.CreateNew, FileAccess.Write))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteAsync($"FROM {runImage}\nWORKDIR /app\nCOPY . /app\nEXPOSE 8080\nCMD {command}\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        var inputs = ImageInputs(request);
        log.Write($"Packaging the {language.DisplayName()} artifact onto the run image {runImage} as {inputs.Tag}");
        var image = await images.BuildAsync(new ImageBuildRequest(artifactDirectory, Dockerfile, null, new Dictionary<string, string>(), inputs.Tag, inputs.Labels),
            log.Write, cancellationToken).ConfigureAwait(false);
        log.Write($"Packaged as image {image}");
        return image;
    }

    /// <summary>What a Dockerfile build tags and labels its image with, and the variables its ARGs may take.</summary>
    private static ImageBuildInputs ImageInputs(BuildRequest request)
    {
        var repository = request.ImageRepository ?? ImageReference.Repository(request.ComponentKey);
        var tag = request.BuildNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? request.BuildKey;
        return new ImageBuildInputs(ImageReference.Tagged(repository, tag), request.DockerfilePath, request.DockerTarget, request.PublicVariables,
            request.Secrets, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["blazorconsole.component"] = request.ComponentKey,
                ["blazorconsole.build"] = request.BuildKey,
            });
    }

    /// <summary>
    /// The credentials typed into a URL, to mask them in the log. A URL the checkout refuses (a file:// URL stored before
    /// such URLs were refused) has none to mask: the build then fails inside the try below, with the reason in its log.
    /// </summary>
    private static GitCredentials? EmbeddedCredentials(string repositoryUrl)
    {
        try
        {
            return RepositoryUrl.Parse(repositoryUrl).EmbeddedCredentials;
        }
        catch (GitCheckoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// After a restart, before workers start: removes working directories of builds that were running, half-cloned
    /// mirrors and artifacts that never completed. (The queue marks those builds Interrupted.)
    /// </summary>
    public void CleanUpInterruptedBuilds()
    {
        if (Directory.Exists(paths.WorkDirectory))
        {
            foreach (var directory in Directory.EnumerateDirectories(paths.WorkDirectory))
            {
                ScratchDirectory.TryDelete(directory);
            }
        }

        if (Directory.Exists(paths.MirrorsDirectory))
        {
            foreach (var staging in Directory.EnumerateDirectories(paths.MirrorsDirectory, "*.tmp-*"))
            {
                ScratchDirectory.TryDelete(staging);
            }
        }

        artifacts.DeleteIncomplete();
    }

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Build {BuildKey} of {ComponentKey} finished: {Outcome} in {ElapsedMs} ms")]
    private static partial void LogBuildFinished(ILogger logger, string buildKey, string componentKey, BuildOutcome outcome, long elapsedMs);

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Build {BuildKey} failed unexpectedly")]
    private static partial void LogBuildError(ILogger logger, Exception exception, string buildKey);
}
