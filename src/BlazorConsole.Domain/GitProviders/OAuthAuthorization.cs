namespace BlazorConsole.Domain.GitProviders;

/// <summary>
/// One "Go to Authentication" in flight: created when the browser is sent to the provider, deleted when the provider
/// sends it back. Keeps the PKCE verifier and the redirect URI server side; a replayed <c>state</c> finds no row.
/// </summary>
public sealed class OAuthAuthorization
{
    /// <summary>The random nonce carried inside the protected <c>state</c>.</summary>
    public required string Nonce { get; init; }

    public required string UserId { get; init; }

    public Guid ServiceId { get; init; }

    /// <summary>The PKCE code verifier, encrypted; null for providers without PKCE (Gitee).</summary>
    public string? CodeVerifierProtected { get; init; }

    public required string RedirectUri { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
