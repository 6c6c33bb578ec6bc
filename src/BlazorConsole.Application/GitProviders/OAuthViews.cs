using System.Text.Json.Serialization;
using BlazorConsole.Domain.GitProviders;

namespace BlazorConsole.Application.GitProviders;

/// <summary>An OAuth service as the API and pages show it: the client secret never leaves the server, only whether one is set.</summary>
public sealed record OAuthServiceView(
    Guid Id,
    GitProviderKind Type,
    string Name,
    string? ServiceAddress,
    string? ApiUrl,
    string? AuthorizeUrl,
    string? TokenUrl,
    string ClientId,
    bool HasClientSecret,
    string? CallbackAddress,
    string EffectiveCallbackAddress,
    OAuthServiceScope Scope,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Create or update body. <c>clientSecret</c> is write-only; on update an empty one keeps the stored secret.</summary>
public sealed record OAuthServiceRequest(
    GitProviderKind? Type,
    string? Name,
    string? ServiceAddress,
    string? ApiUrl,
    string? ClientId,
    string? ClientSecret,
    string? CallbackAddress,
    bool? Enabled,
    string? AuthorizeUrl = null,
    string? TokenUrl = null);

public enum OAuthAccountStatus
{
    [JsonStringEnumMemberName("not-bound")]
    NotBound,

    [JsonStringEnumMemberName("bound")]
    Bound,

    [JsonStringEnumMemberName("expired")]
    Expired,
}

/// <summary>One service the user may bind, with the state of their binding. No token ever appears here.</summary>
public sealed record OAuthBindingView(
    Guid ServiceId,
    string ServiceName,
    GitProviderKind Type,
    OAuthServiceScope Scope,
    OAuthAccountStatus Status,
    string? Login,
    string? Email,
    DateTimeOffset? BoundAt,
    DateTimeOffset? ExpiresAt,
    string? StatusReason);

public static class OAuthCallback
{
    public const string Path = "/console/oauth/redirect";

    public const string AuthorizePath = "/console/oauth/authorize";

    /// <summary>The console's own callback: <c>Console:PublicUrl</c> (or the request's base) + <c>/console/oauth/redirect</c>.</summary>
    public static string DefaultFor(string publicBaseUrl) => (publicBaseUrl ?? "").TrimEnd('/') + Path;

    /// <summary>Where "Go to Authentication" starts for a service, coming back to <paramref name="returnUrl"/>.</summary>
    public static string AuthorizeUrl(Guid serviceId, string returnUrl) =>
        $"{AuthorizePath}/{serviceId}?returnUrl={Uri.EscapeDataString(returnUrl)}";
}
