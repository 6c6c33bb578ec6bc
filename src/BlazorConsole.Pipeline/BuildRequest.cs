using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Runtime;

namespace BlazorConsole.Pipeline;

/// <summary>
/// One build, in plain terms (no entities): which component and build (their keys name directories: an id or number),
/// which repository and commit, and what the build may use.
/// </summary>
public sealed record BuildRequest(string ComponentKey, string BuildKey, string RepositoryUrl)
{
    /// <summary>The exact commit (from the push event); when null, <see cref="Ref"/> is resolved at checkout.</summary>
    public string? CommitSha { get; init; }

    /// <summary>Branch or tag (<c>main</c>, <c>refs/tags/v1</c>), used when <see cref="CommitSha"/> is null.</summary>
    public string? Ref { get; init; }

    /// <summary>None, a username/password, or an OAuth token (<see cref="GitCredentials.OAuthToken"/>).</summary>
    public GitCredentials? Credentials { get; init; }

    /// <summary>How the log's first line names the build for people ("Build #3 of shop"); the keys when null.</summary>
    public string? Title { get; init; }

    /// <summary>Lines written at the top of the build log (e.g. which credentials the checkout uses).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The language chosen in the component's build settings; null = detect.</summary>
    public AppLanguage? Language { get; init; }

    /// <summary>Variables the component gives its build (on top of the scrubbed environment).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Values masked in the log besides the Git password (secret variables, webhook secrets, ...).</summary>
    public IReadOnlyCollection<string> Secrets { get; init; } = [];

    /// <summary>Artifacts that must survive pruning (the running release, rollback targets).</summary>
    public IReadOnlyCollection<string> ArtifactsInUse { get; init; } = [];

    /// <summary>Overrides <see cref="BuildsOptions.TimeoutMinutes"/> for this build.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The build's number within its component (tags its image); null = <see cref="BuildKey"/> is used.</summary>
    public long? BuildNumber { get; init; }

    /// <summary>
    /// The component's non-secret variables: a Dockerfile build passes those its Dockerfile declares with <c>ARG</c>.
    /// Secret variables never go here (build arguments stay readable in the image's history).
    /// </summary>
    public IReadOnlyDictionary<string, string> PublicVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Where a Dockerfile build's image goes, <c>blazorconsole/&lt;team-slug&gt;/&lt;component&gt;</c> (the tag is the
    /// build number); null = <c>blazorconsole/&lt;ComponentKey&gt;</c>.
    /// </summary>
    public string? ImageRepository { get; init; }

    /// <summary>The Dockerfile, relative to the repository root; null = <c>Dockerfile</c>.</summary>
    public string? DockerfilePath { get; init; }

    /// <summary>The Dockerfile stage to build (<c>--target</c>); null = the last one.</summary>
    public string? DockerTarget { get; init; }

    /// <summary>
    /// The component's releases run as containers (its runtime, else <c>Runtime:Default</c>, is <c>docker</c>): a buildpack
    /// build is packaged onto the run image of its language when the engine has one (<see cref="Buildpacks.IImageBuilder.RunImageFor"/>).
    /// </summary>
    public bool ContainerReleases { get; init; }
}

public enum BuildOutcome
{
    Succeeded,
    Failed,
    Canceled,
}

/// <param name="FailureReason">Why it failed, for people (also the last line of the log); null on success.</param>
/// <param name="StartCommand">The Procfile <c>web:</c> command, else the buildpack's default; null for static sites.</param>
/// <param name="Language">The language built with (the chosen one, else the detected one); null when the build ended before a buildpack was chosen.</param>
/// <param name="LogLines">Sequence number of the last log line.</param>
public sealed record BuildResult(
    BuildOutcome Outcome,
    bool TimedOut,
    string? FailureReason,
    string? CommitSha,
    string? CommitMessage,
    string? CommitAuthor,
    LanguageMatch? Language,
    string? StartCommand,
    string? ArtifactDirectory,
    string LogPath,
    long LogLines,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>
    /// What detection found in the checked-out tree (its primary match), whatever language the build used: a language
    /// chosen in the settings does not change it, and it is set even when the build then failed. Null when the build
    /// ended before detection or nothing matched.
    /// </summary>
    public LanguageMatch? Detected { get; init; }

    /// <summary>
    /// What a success produced for a release to run: the artifact directory of a buildpack, the image of a Dockerfile
    /// build (then <see cref="ArtifactDirectory"/> is null). Null when the build did not succeed.
    /// </summary>
    public ReleaseArtifact? Artifact { get; init; }
}
