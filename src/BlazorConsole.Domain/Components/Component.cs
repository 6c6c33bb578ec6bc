namespace BlazorConsole.Domain.Components;

/// <summary>A deployable unit built from one Git repository, with the rules that decide which pushes build it.</summary>
public sealed class Component
{
    public const string DefaultTriggerKeyword = "@deploy";

    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid TeamId { get; init; }

    public Guid ApplicationId { get; set; }

    /// <summary>URL-safe name, unique in its team; also the host label the app is served under.</summary>
    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? CreatedByUserId { get; init; }

    // --- Source ---------------------------------------------------------------------------------

    public required string GitUrl { get; set; }

    /// <summary>Bound OAuth service the repository was picked from (the Git providers feature), if any.</summary>
    public Guid? OAuthServiceId { get; set; }

    /// <summary>"owner/name" on the provider, when picked through an OAuth service.</summary>
    public string? RepoFullName { get; set; }

    public string? GitUsername { get; set; }

    /// <summary>Encrypted with Data Protection; write-only through UI and API.</summary>
    public string? GitPasswordProtected { get; set; }

    /// <summary>
    /// The private half of the component's SSH deploy key (OpenSSH text), encrypted with Data Protection; used only to
    /// fetch an ssh:// or scp-like repository, never shown or returned. Null for HTTP(S) repositories.
    /// </summary>
    public string? DeployKeyPrivateProtected { get; set; }

    /// <summary>The public half (one OpenSSH line): what people add to the repository's deploy keys.</summary>
    public string? DeployKeyPublic { get; set; }

    /// <summary>When the deploy key was generated or pasted.</summary>
    public DateTimeOffset? DeployKeyCreatedAt { get; set; }

    /// <summary>Plain branch name (<c>main</c>, <c>feature/x</c>) or a glob over branch names (<c>release/*</c>).</summary>
    public string? Branch { get; set; }

    /// <summary>Glob over the full ref (<c>refs/heads/release/*</c>, <c>refs/tags/v*</c>); takes precedence over <see cref="Branch"/>.</summary>
    public string? RefPattern { get; set; }

    public ComponentEnvironment Environment { get; set; }

    /// <summary>Builds wait for a team admin's approval before they run.</summary>
    public bool RequireApproval { get; set; }

    // --- Build source: what triggers a build -----------------------------------------------------

    /// <summary>The console manages the webhook in the repository itself (through the provider API).</summary>
    public bool AutoBuild { get; set; }

    /// <summary>The Git-Webhook switch: deliveries are recorded either way, but build only when on.</summary>
    public bool WebhookEnabled { get; set; } = true;

    /// <summary>Text a commit message must contain to build; empty means every push builds.</summary>
    public string TriggerKeyword { get; set; } = DefaultTriggerKeyword;

    /// <summary>Look for the keyword in every commit of the push, not only the head commit.</summary>
    public bool KeywordInAnyCommit { get; set; }

    /// <summary>Accept deliveries without a signature (manual hook setup without a secret). Off by default.</summary>
    public bool AllowUnsigned { get; set; }

    /// <summary>Encrypted with Data Protection: needed in plain form to check HMAC signatures.</summary>
    public required string WebhookSecretProtected { get; set; }

    /// <summary>SHA-256 of the custom API trigger key (compared in constant time, never stored in plain form).</summary>
    public required string ApiTriggerKeyHash { get; set; }

    /// <summary>Id of the webhook the console registered in the repository, when Auto Build manages one.</summary>
    public string? ProviderHookId { get; set; }

    // --- Language: what the build pipeline detects and builds with -------------------------------

    /// <summary>
    /// The language the source tree was last detected as (a finished build or a re-detect): the name of a
    /// <c>BlazorConsole.Pipeline.Detection.AppLanguage</c> value (<c>NodeJs</c>, <c>Python</c>, ...); null when none was
    /// found or it was never detected.
    /// </summary>
    public string? DetectedLanguage { get; set; }

    /// <summary>The file that decided <see cref="DetectedLanguage"/> (<c>package.json</c>, <c>requirements.txt</c>, ...).</summary>
    public string? DetectedLanguageEvidence { get; set; }

    /// <summary>The commit the last detection looked at.</summary>
    public string? LanguageDetectedCommitSha { get; set; }

    /// <summary>When the last detection ran; null = never.</summary>
    public DateTimeOffset? LanguageDetectedAt { get; set; }

    /// <summary>
    /// The language chosen by people (an <c>AppLanguage</c> name): builds use it instead of the detected one; null = detect.
    /// </summary>
    public string? LanguageOverride { get; set; }

    // --- Container settings: which runtime runs it, and how a Dockerfile build builds it ----------

    /// <summary>The runtime engine its releases run on (<c>process</c>, <c>docker</c>); null = the console's <c>Runtime:Default</c>.</summary>
    public string? Runtime { get; private set; }

    /// <summary>The Dockerfile a Docker build uses, relative to the repository root; null = <c>Dockerfile</c> at the root.</summary>
    public string? DockerfilePath { get; private set; }

    /// <summary>The Dockerfile stage a Docker build stops at (<c>--target</c>); null = the last stage.</summary>
    public string? DockerTarget { get; private set; }

    /// <summary>
    /// Changes the container settings together (empty = null). Each value ends up in an engine call or a path inside the
    /// checkout, so only plain names and relative paths that stay inside the repository are accepted.
    /// </summary>
    public void ChangeContainerSettings(string? runtime, string? dockerfilePath, string? dockerTarget)
    {
        runtime = Normalized(runtime);
        dockerfilePath = Normalized(dockerfilePath)?.Replace('\\', '/');
        dockerTarget = Normalized(dockerTarget);
        if (runtime is not null && !IsSimpleName(runtime, 40))
        {
            throw new ArgumentException($"Runtime '{runtime}' is not a runtime name (letters, digits, '-', '_' or '.').", nameof(runtime));
        }

        if (dockerfilePath is not null && !IsRelativePathInside(dockerfilePath))
        {
            throw new ArgumentException($"Dockerfile path '{dockerfilePath}' must be relative to the repository root and must not contain '..'.", nameof(dockerfilePath));
        }

        if (dockerTarget is not null && !IsSimpleName(dockerTarget, 100))
        {
            throw new ArgumentException($"Docker target '{dockerTarget}' is not a stage name (letters, digits, '-', '_' or '.').", nameof(dockerTarget));
        }

        Runtime = runtime?.ToLowerInvariant();
        DockerfilePath = dockerfilePath;
        DockerTarget = dockerTarget;
    }

    private static string? Normalized(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A name that starts with a letter or digit; Dockerfile stage names also allow dots.</summary>
    private static bool IsSimpleName(string value, int maxLength) =>
        value.Length <= maxLength && char.IsAsciiLetterOrDigit(value[0])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsRelativePathInside(string path) =>
        path.Length <= 260 && !path.StartsWith('/') && !path.Contains(':', StringComparison.Ordinal) && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment.Length > 0 && segment != ".." && segment != ".");
}
