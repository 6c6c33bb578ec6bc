using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// The OAuth bindings people made with a Git provider. The host keeps them (binding, refresh, expiry are its OAuth
/// feature); builds only borrow the binding of the person who created the component: its token to clone with, its
/// account to report commit statuses as.
/// </summary>
public interface IOAuthBindingAccess
{
    /// <summary>The user's access token for <paramref name="serviceId"/> (refreshed first when due), or why there is none.</summary>
    Task<OAuthAccessToken> AccessTokenAsync(string userId, Guid serviceId, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="action"/> against the provider as the user's bound account, or says why it could not.</summary>
    Task<OAuthBindingUse> UseProviderAsync(string userId, Guid serviceId, Func<IGitProviderClient, CancellationToken, Task> action, CancellationToken cancellationToken);
}

/// <param name="Succeeded">False when the binding cannot be used (not bound, expired, service disabled, unreadable token).</param>
/// <param name="AccessToken">The token when <paramref name="Succeeded"/>.</param>
/// <param name="Provider">The service's provider (GitHub takes a different clone user name than the others).</param>
/// <param name="Error">Why not, in a sentence for people; null on success.</param>
public sealed record OAuthAccessToken(bool Succeeded, string? AccessToken, GitProviderKind Provider, string? Error)
{
    // A record prints every member: one log line of this value must not carry the token.
    public override string ToString() => $"OAuthAccessToken {{ Succeeded = {Succeeded}, AccessToken = {(AccessToken is null ? "none" : "(redacted)")}, Provider = {Provider}, Error = {Error} }}";
}

/// <param name="Succeeded">The action ran as the bound account (whatever it answered).</param>
/// <param name="Error">Why the binding or the provider refused, in a sentence for people; null on success.</param>
public sealed record OAuthBindingUse(bool Succeeded, string? Error);
