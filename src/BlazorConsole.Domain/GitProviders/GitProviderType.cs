using System.Text.Json.Serialization;

namespace BlazorConsole.Domain.GitProviders;

/// <summary>The kinds of Git provider the console can bind accounts on. JSON names are lower case (<c>github</c>, ...).</summary>
public enum GitProviderType
{
    [JsonStringEnumMemberName("github")]
    GitHub,

    [JsonStringEnumMemberName("gitlab")]
    GitLab,

    [JsonStringEnumMemberName("gitee")]
    Gitee,

    [JsonStringEnumMemberName("gitea")]
    Gitea,
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
