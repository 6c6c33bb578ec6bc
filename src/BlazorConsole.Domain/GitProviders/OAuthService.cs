namespace BlazorConsole.Domain.GitProviders;

/// <summary>
/// An OAuth application registered on a Git provider (GitHub, GitLab, Gitee, Gitea). Platform services are offered to
/// everybody; personal ones only to their owner. The client secret is stored encrypted.
/// </summary>
public sealed class OAuthService
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public GitProviderKind Type { get; set; }

    public required string Name { get; set; }

    /// <summary>The provider's web address (<c>https://gitlab.example.com</c>); empty means the public service (github.com, gitlab.com, gitee.com).</summary>
    public string? ServiceAddress { get; set; }

    /// <summary>REST API base; empty means derived from the type and service address.</summary>
    public string? ApiUrl { get; set; }

    /// <summary>Authorize endpoint; empty means derived from the type and service address.</summary>
    public string? AuthorizeUrl { get; set; }

    /// <summary>Token endpoint; empty means derived from the type and service address.</summary>
    public string? TokenUrl { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The client secret, encrypted with the console's Data Protection key ring.</summary>
    public required string ClientSecretProtected { get; set; }

    /// <summary>The redirect URI registered on the provider; empty means the console's public URL + <c>/console/oauth/redirect</c>.</summary>
    public string? CallbackAddress { get; set; }

    public OAuthServiceScope Scope { get; init; }

    /// <summary>The owner of a personal service; null for platform services.</summary>
    public string? OwnerUserId { get; init; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsVisibleTo(string userId) => Scope == OAuthServiceScope.Platform || OwnerUserId == userId;
}
