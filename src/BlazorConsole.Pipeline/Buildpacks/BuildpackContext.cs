using System.Globalization;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Processes;
using BlazorConsole.Pipeline.Sandbox;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>What a buildpack works with: directories, the log, and a way to run tools in the scrubbed environment.</summary>
public sealed class BuildpackContext
{
    private readonly IReadOnlyDictionary<string, string> buildEnvironment;
    private readonly DateTimeOffset deadline;
    private readonly TimeProvider time;

    public BuildpackContext(
        string sourceDirectory,
        string artifactDirectory,
        string homeDirectory,
        string? cacheDirectory,
        LanguageMatch detected,
        BuildLogWriter log,
        IReadOnlyDictionary<string, string>? buildEnvironment,
        TimeSpan timeout,
        TimeProvider? time = null)
    {
        SourceDirectory = sourceDirectory;
        ArtifactDirectory = artifactDirectory;
        HomeDirectory = homeDirectory;
        CacheDirectory = cacheDirectory;
        Detected = detected;
        Log = log;
        this.buildEnvironment = buildEnvironment ?? new Dictionary<string, string>();
        this.time = time ?? TimeProvider.System;
        deadline = this.time.GetUtcNow() + timeout;
    }

    public string SourceDirectory { get; }

    /// <summary>The artifact's final directory, empty when the build starts.</summary>
    public string ArtifactDirectory { get; }

    /// <summary>The build's temporary HOME.</summary>
    public string HomeDirectory { get; }

    /// <summary>A directory shared by builds for package caches (<c>cache/npm</c>, ...), or null: caches go under HOME.</summary>
    public string? CacheDirectory { get; }

    public LanguageMatch Detected { get; }

    public BuildLogWriter Log { get; }

    /// <summary>The build's sandbox: every tool runs in it (null: as the console's user, without limits; unit tests).</summary>
    public SandboxSession? Sandbox { get; init; }

    /// <summary>Last process id started (tests and diagnostics).</summary>
    public Action<int>? OnProcessStarted { get; init; }

    /// <summary>What a Dockerfile build needs beyond the checkout (the image's tag, Dockerfile, stage, variables).</summary>
    public ImageBuildInputs? Image { get; init; }

    /// <summary>Set by a buildpack whose output is an image instead of <see cref="ArtifactDirectory"/>: its reference.</summary>
    public string? ProducedImage { get; set; }

    public string Cache(string name)
    {
        var path = Path.Combine(CacheDirectory ?? Path.Combine(HomeDirectory, ".cache"), name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Runs <paramref name="tool"/> (found on PATH) with the scrubbed environment plus <paramref name="environment"/>
    /// and the component's build variables; each output line goes (redacted) to the log.
    /// </summary>
    /// <exception cref="BuildFailedException">The tool exited with a non-zero code, or the build's time ran out.</exception>
    public async Task RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null, IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var args = arguments.ToList();
        var searchPath = Sandbox?.SearchPath ?? BuildEnvironment.ConsolePath;
        var executable = ToolLocator.Find(tool, searchPath)
            ?? throw new BuildFailedException($"'{tool}' was not found on PATH ({searchPath}).");
        var shown = string.Join(' ', new[] { tool }.Concat(args.Select(Quote)));
        Log.Write("$ " + shown);
        var remaining = deadline - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            throw new BuildFailedException("The build ran out of time.") { TimedOut = true };
        }

        var env = BuildEnvironment.Scrubbed(HomeDirectory, (environment ?? []).Concat(buildEnvironment), searchPath);
        var directory = workingDirectory ?? SourceDirectory;
        var command = Sandbox is { } sandbox ? sandbox.Wrap(executable, args, directory, env) : new ChildProcessCommand(executable, args, directory, env);
        var outcome = await ChildProcessRunner.RunAsync(ChildProcessSpec.For(command, remaining), Log.Write, cancellationToken, OnProcessStarted)
            .ConfigureAwait(false);
        if (outcome.Canceled)
        {
            throw new OperationCanceledException("The build was canceled.", cancellationToken);
        }

        if (outcome.TimedOut)
        {
            throw new BuildFailedException($"`{shown}` was stopped: the build ran out of time.") { TimedOut = true };
        }

        if (outcome.ExitCode != 0)
        {
            var limit = Sandbox?.LimitReached() is { } reached ? $": the build {reached}" : "";
            throw new BuildFailedException(string.Create(CultureInfo.InvariantCulture, $"`{shown}` failed with exit code {outcome.ExitCode}{limit}."));
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@%+,".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <param name="Tag">The reference to tag the image with (<c>blazorconsole/team/app:7</c>, already sanitized).</param>
/// <param name="DockerfilePath">Relative to the checkout; null = <c>Dockerfile</c>.</param>
/// <param name="Target">The stage to build; null = the last one.</param>
/// <param name="Variables">The component's non-secret variables, offered to the Dockerfile's <c>ARG</c>s.</param>
/// <param name="Secrets">Values never passed as a build argument, whatever variable holds them.</param>
/// <param name="Labels">Put on the image (<c>blazorconsole.component</c>, <c>blazorconsole.build</c>).</param>
public sealed record ImageBuildInputs(
    string Tag,
    string? DockerfilePath,
    string? Target,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyCollection<string> Secrets,
    IReadOnlyDictionary<string, string> Labels);
