namespace BlazorConsole.Domain.GitProviders;

/// <summary>A console user's account on a provider, reached through one OAuth service. Tokens are stored encrypted.</summary>
public sealed class OAuthBinding
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public required string UserId { get; init; }

    public Guid ServiceId { get; init; }

    public required string ProviderUserId { get; set; }

    public required string ProviderLogin { get; set; }

    public string? ProviderEmail { get; set; }

    public required string AccessTokenProtected { get; set; }

    public string? RefreshTokenProtected { get; set; }

    /// <summary>When the access token stops working; null when the provider issues tokens without expiry (GitHub OAuth apps).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Scopes the provider reported granting, space separated.</summary>
    public string? GrantedScopes { get; set; }

    public OAuthBindingStatus Status { get; set; } = OAuthBindingStatus.Bound;

    /// <summary>Why the binding expired, in words a person can act on.</summary>
    public string? StatusReason { get; set; }

    /// <summary>The redirect URI the binding was authorized with (GitLab wants it again when refreshing).</summary>
    public string? RedirectUri { get; set; }

    public DateTimeOffset BoundAt { get; set; }

    public DateTimeOffset? RefreshedAt { get; set; }

    /// <summary>True when the access token is past (or within <paramref name="skew"/> of) its expiry.</summary>
    public bool NeedsRefreshAt(DateTimeOffset now, TimeSpan skew) => ExpiresAt is { } expires && expires - skew <= now;
}
