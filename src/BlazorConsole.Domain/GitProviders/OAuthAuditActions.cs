namespace BlazorConsole.Domain.GitProviders;

/// <summary>Audit actions of the Git provider integration (kept beside the feature to keep <c>AuditActions</c> small).</summary>
public static class OAuthAuditActions
{
    public const string ServiceCreated = "oauth-service-created";
    public const string ServiceUpdated = "oauth-service-updated";
    public const string ServiceDeleted = "oauth-service-deleted";
    public const string AccountBound = "oauth-account-bound";
    public const string AccountUnbound = "oauth-account-unbound";
    public const string BindingExpired = "oauth-binding-expired";
    public const string AuthenticationRejected = "oauth-authentication-rejected";
}
