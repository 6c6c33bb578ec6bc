using System.Text.Json.Serialization;

namespace BlazorConsole.Domain.GitProviders;

/// <summary>
/// The Git providers the console knows: OAuth accounts are bound on the first four, webhooks come from all five.
/// JSON names are lower case (<c>github</c>, ...); OAuth services store the member name, so members are only ever
/// appended (Gogs last keeps every existing value and number).
/// </summary>
public enum GitProviderKind
{
    [JsonStringEnumMemberName("github")]
    GitHub,

    [JsonStringEnumMemberName("gitlab")]
    GitLab,

    [JsonStringEnumMemberName("gitee")]
    Gitee,

    [JsonStringEnumMemberName("gitea")]
    Gitea,

    /// <summary>Webhooks only: the console has no OAuth or API support for Gogs.</summary>
    [JsonStringEnumMemberName("gogs")]
    Gogs,
}

/// <summary>Who an OAuth service is for: everybody (registered by a platform admin) or its owner only.</summary>
public enum OAuthServiceScope
{
    [JsonStringEnumMemberName("platform")]
    Platform,

    [JsonStringEnumMemberName("personal")]
    Personal,
}

public enum OAuthBindingStatus
{
    /// <summary>The stored token works (or can be refreshed).</summary>
    [JsonStringEnumMemberName("bound")]
    Bound,

    /// <summary>The token was refused and could not be refreshed: the person has to authenticate again.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired,
}
