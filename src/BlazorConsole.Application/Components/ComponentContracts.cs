using System.Text.Json.Serialization;
using BlazorConsole.Domain.Components;

namespace BlazorConsole.Application.Components;

public sealed record CreateComponentRequest(
    string Name,
    string Application,
    string GitUrl,
    string? Branch,
    string? RefPattern,
    Guid? OAuthServiceId,
    string? RepoFullName,
    string? GitUsername,
    string? GitPassword,
    bool AutoBuild,
    bool? WebhookEnabled,
    string? TriggerKeyword,
    ComponentEnvironment? Environment,
    bool? RequireApproval,
    bool? KeywordInAnyCommit,
    bool? AllowUnsigned,
    string? DeployPrivateKey = null,
    bool? BuildNow = null);

public sealed record UpdateBuildSourceRequest(
    bool? AutoBuild = null,
    bool? WebhookEnabled = null,
    string? TriggerKeyword = null,
    string? Branch = null,
    string? RefPattern = null,
    bool? AllowUnsigned = null,
    bool? KeywordInAnyCommit = null,
    ComponentEnvironment? Environment = null,
    bool? RequireApproval = null,
    string? GitUsername = null,
    string? GitPassword = null,
    bool? RotateWebhookSecret = null,
    bool? RotateApiTriggerKey = null,
    bool? RegenerateDeployKey = null,
    string? DeployPrivateKey = null,
    bool? ForgetHostKey = null);

/// <summary>A component as the API and pages show it. Secrets appear only right after creation or rotation.</summary>
public sealed record ComponentView(
    Guid Id,
    string Name,
    string Application,
    string Team,
    string GitUrl,
    Guid? OAuthServiceId,
    string? RepoFullName,
    string? GitUsername,
    bool HasGitPassword,
    string? Branch,
    string? RefPattern,
    ComponentEnvironment Environment,
    bool RequireApproval,
    bool AutoBuild,
    bool WebhookEnabled,
    string TriggerKeyword,
    bool KeywordInAnyCommit,
    bool AllowUnsigned,
    string WebhookUrl,
    string ApiTriggerUrl,
    string TriggerSummary,
    DateTimeOffset CreatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebhookSecret { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApiTriggerKey { get; init; }

    /// <summary>Auto Build could not register or remove the repository's webhook: what went wrong and how to fix it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AutoBuildProblem { get; init; }

    /// <summary>The webhook's id at the provider, when Auto Build manages one.</summary>
    public string? ProviderHookId { get; init; }

    /// <summary>
    /// SSH repositories: the public half of the component's deploy key (one OpenSSH line) to add to the repository's
    /// deploy keys; null for HTTP(S) repositories. The private half is never returned.
    /// </summary>
    public string? DeployPublicKey { get; init; }

    /// <summary>The deploy key's SHA-256 fingerprint, as GitHub and GitLab list it.</summary>
    public string? DeployKeyFingerprint { get; init; }

    public DateTimeOffset? DeployKeyCreatedAt { get; init; }

    /// <summary>The runtime the component chose (<c>process</c>, <c>docker</c>); null = the console's <c>Runtime:Default</c>.</summary>
    public string? Runtime { get; init; }

    /// <summary>Created with <c>buildNow</c>: the first build's id (queued, or awaiting approval on components that require it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? FirstBuildId { get; init; }

    /// <summary>Created with <c>buildNow</c> but no build was queued: why (the component itself exists).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FirstBuildProblem { get; init; }
}

public sealed record ComponentSummary(Guid Id, string Name, string Application, string GitUrl, string? Branch, string? RefPattern, ComponentEnvironment Environment, bool WebhookEnabled, DateTimeOffset CreatedAt);

/// <summary>One page of a team's components and how many the team has.</summary>
public sealed record ComponentPage(IReadOnlyList<ComponentSummary> Items, int Total, int Page, int PerPage)
{
    public bool HasNext => (long)Page * PerPage < Total;
}
