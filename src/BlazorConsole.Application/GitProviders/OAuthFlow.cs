using System.Security.Cryptography;
using System.Text.Json;
using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.Git.Providers.OAuth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.GitProviders;

public enum OAuthFailure
{
    /// <summary>The person declined on the provider, or the provider reported an error.</summary>
    ProviderDenied,
    MissingParameters,
    /// <summary>The state was altered, or minted by another console (another key ring).</summary>
    InvalidState,
    ExpiredState,
    /// <summary>The state was already used once.</summary>
    ReplayedState,
    /// <summary>The state was minted for a different signed-in account.</summary>
    WrongUser,
    ServiceUnavailable,
    TokenExchangeFailed,
    ProfileFailed,
}

/// <summary>How a callback ended: where to send the browser, or what went wrong in words.</summary>
public sealed record OAuthCompletion(bool Succeeded, string? ReturnUrl, OAuthFailure? Failure, string Message, string? Login = null)
{
    public static OAuthCompletion Fail(OAuthFailure failure, string message) => new(false, null, failure, message);
}

/// <summary>
/// The authorization-code flow. <c>state</c> is a time-limited Data Protection payload (service, user, nonce, expiry,
/// return URL); the PKCE verifier and redirect URI stay server side in an <see cref="OAuthAuthorization"/> row keyed by
/// the nonce, deleted when the provider sends the browser back, so a replayed state finds nothing.
/// </summary>
internal sealed class OAuthFlow(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    SecretProtector secrets,
    TimeProvider time,
    IOptions<GitProviderOptions> options,
    IHttpClientFactory httpClients,
    IGitProviderClientFactory providerClients,
    OAuthServiceCatalog catalog,
    OAuthBindingService bindings,
    ProviderErrorDisclosure disclosure,
    AuditTrail audit)
{
    // The authoritative expiry is inside the payload (checked with TimeProvider, so the message can say "expired");
    // the protector's own limit is a backstop for a payload that somehow outlives it.
    private static readonly TimeSpan ProtectorBackstop = TimeSpan.FromHours(1);

    private readonly ITimeLimitedDataProtector stateProtector =
        dataProtection.CreateProtector("BlazorConsole.OAuth.State.v1").ToTimeLimitedDataProtector();

    public async Task<(ChangeResult Result, Uri? ProviderUrl)> StartAsync(string userId, Guid serviceId, string? returnUrl, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        var service = await catalog.FindUsableAsync(userId, serviceId, cancellationToken);
        if (service is null)
        {
            return (ChangeResult.Missing("There is no enabled OAuth service with that id that you may use."), null);
        }

        ProviderEndpoints endpoints;
        try
        {
            endpoints = OAuthServiceCatalog.Endpoints(service);
        }
        catch (ArgumentException e)
        {
            return (ChangeResult.Fail($"'{service.Name}' is not configured completely: {e.Message}"), null);
        }

        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.AuthorizationLifetime;
        var nonce = Pkce.Base64Url(RandomNumberGenerator.GetBytes(32));
        var verifier = service.Provider().SupportsPkce ? Pkce.NewVerifier() : null;
        var redirectUri = string.IsNullOrWhiteSpace(service.CallbackAddress) ? OAuthCallback.DefaultFor(publicBaseUrl) : service.CallbackAddress;

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.OAuthAuthorizations.Where(a => a.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
            db.OAuthAuthorizations.Add(new OAuthAuthorization
            {
                Nonce = nonce,
                UserId = userId,
                ServiceId = service.Id,
                CodeVerifierProtected = verifier is null ? null : secrets.Protect(verifier),
                RedirectUri = redirectUri,
                CreatedAt = now,
                ExpiresAt = expiresAt,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        var state = ProtectState(new OAuthState(service.Id, userId, nonce, expiresAt.ToUnixTimeMilliseconds(), LocalReturnUrl.Safe(returnUrl)), expiresAt);
        var url = OAuthTokenClient.BuildAuthorizeUrl(endpoints.AuthorizeUrl, service.Provider(), service.ClientId, redirectUri, state, verifier is null ? null : Pkce.Challenge(verifier));
        return (ChangeResult.Ok, url);
    }

    public async Task<OAuthCompletion> CompleteAsync(string userId, string actorName, string? code, string? state, string? error, string? errorDescription, CancellationToken cancellationToken = default)
    {
        var completion = await CompleteCoreAsync(userId, actorName, code, state, error, errorDescription, cancellationToken);
        if (!completion.Succeeded)
        {
            await audit.RecordAsync(OAuthAuditActions.AuthenticationRejected, userId, actorName, target: completion.Failure?.ToString(), detail: completion.Message, cancellationToken: cancellationToken);
        }

        return completion;
    }

    private async Task<OAuthCompletion> CompleteCoreAsync(string userId, string actorName, string? code, string? state, string? error, string? errorDescription, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state))
        {
            return OAuthCompletion.Fail(OAuthFailure.MissingParameters, "The provider sent the browser back without a state, so this sign-in cannot be matched to a \"Go to Authentication\". Start again from OAuth Account Binding.");
        }

        var payload = UnprotectState(state);
        if (payload is null)
        {
            return OAuthCompletion.Fail(OAuthFailure.InvalidState, "The state in this link was altered or was not issued by this console. Start again from OAuth Account Binding.");
        }

        if (DateTimeOffset.FromUnixTimeMilliseconds(payload.ExpiresAtUnixMs) <= time.GetUtcNow())
        {
            await ConsumeAsync(payload, cancellationToken);
            return OAuthCompletion.Fail(OAuthFailure.ExpiredState, $"This authentication took longer than {options.Value.AuthorizationLifetime.TotalMinutes:0} minutes and expired. Start again from OAuth Account Binding.");
        }

        if (!string.Equals(payload.UserId, userId, StringComparison.Ordinal))
        {
            // Not consumed: the rightful owner can still finish it.
            return OAuthCompletion.Fail(OAuthFailure.WrongUser, "This authentication was started by another console account than the one signed in now. Sign in as that account, or start again.");
        }

        var pending = await ConsumeAsync(payload, cancellationToken);
        if (pending is null)
        {
            return OAuthCompletion.Fail(OAuthFailure.ReplayedState, "This authentication link was already used. Each one works once: start again from OAuth Account Binding.");
        }

        if (!string.IsNullOrEmpty(error))
        {
            return OAuthCompletion.Fail(OAuthFailure.ProviderDenied,
                error == "access_denied"
                    ? "You declined the authorization on the provider, so no account was bound."
                    : $"The provider reported '{error}'{(string.IsNullOrWhiteSpace(errorDescription) ? "" : $": {errorDescription}")}.");
        }

        if (string.IsNullOrEmpty(code))
        {
            return OAuthCompletion.Fail(OAuthFailure.MissingParameters, "The provider sent the browser back without an authorization code. Start again from OAuth Account Binding.");
        }

        var service = await catalog.FindUsableAsync(userId, payload.ServiceId, cancellationToken);
        if (service is null || !secrets.TryUnprotect(service.ClientSecretProtected, out var clientSecret))
        {
            return OAuthCompletion.Fail(OAuthFailure.ServiceUnavailable, "The OAuth service was disabled, deleted, or its client secret cannot be read any more. Ask its owner to check it.");
        }

        string? verifier = null;
        if (pending.CodeVerifierProtected is not null && !secrets.TryUnprotect(pending.CodeVerifierProtected, out verifier))
        {
            return OAuthCompletion.Fail(OAuthFailure.InvalidState, "The stored PKCE verifier cannot be read. Start again from OAuth Account Binding.");
        }

        var endpoints = OAuthServiceCatalog.Endpoints(service);
        OAuthTokens tokens;
        try
        {
            tokens = await httpClients.CreateOAuthTokenClient().ExchangeCodeAsync(
                endpoints.TokenUrl, new OAuthClientCredentials(service.ClientId, clientSecret), code, pending.RedirectUri, verifier, cancellationToken);
        }
        catch (OAuthTokenException e)
        {
            // e.Message carries the token endpoint's error_description or the connection error: the detail of a service
            // whose address a user typed, shown to platform admins only.
            var detail = await disclosure.ForUserAsync(userId, $"token exchange with '{service.Name}'", e.Message, cancellationToken);
            return OAuthCompletion.Fail(OAuthFailure.TokenExchangeFailed, $"{service.Provider().DisplayName} did not exchange the code for a token: {Sentence(detail)} Check the service's Client ID, Client Secret and Callback Address.");
        }

        ProviderUser account;
        try
        {
            account = await providerClients.Create(new GitProviderConnection(service.Type, endpoints.ApiBaseUrl, tokens.AccessToken)).GetCurrentUserAsync(cancellationToken);
        }
        catch (GitProviderException e)
        {
            var detail = ProviderErrorDisclosure.RepeatsRemoteReply(e)
                ? await disclosure.ForUserAsync(userId, $"reading the profile on '{service.Name}'", e.Message, cancellationToken)
                : e.Message;
            return OAuthCompletion.Fail(OAuthFailure.ProfileFailed, $"The token works, but reading your {service.Provider().DisplayName} profile failed: {Sentence(detail)}");
        }

        await bindings.StoreAsync(userId, service.Id, account, tokens, pending.RedirectUri, cancellationToken);
        await audit.RecordAsync(OAuthAuditActions.AccountBound, userId, actorName, target: $"@{account.Login}", detail: $"{service.Name} ({service.Provider().DisplayName})", cancellationToken: cancellationToken);
        return new OAuthCompletion(true, LocalReturnUrl.Safe(payload.ReturnUrl), null, $"Bound as @{account.Login}.", account.Login);
    }

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    /// <summary>Deletes the pending row of this nonce and returns it; null when it was already used (or never existed).</summary>
    private async Task<OAuthAuthorization?> ConsumeAsync(OAuthState payload, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.OAuthAuthorizations.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Nonce == payload.Nonce && a.UserId == payload.UserId && a.ServiceId == payload.ServiceId, cancellationToken);
        if (pending is null)
        {
            return null;
        }

        // The delete decides between two concurrent callbacks with the same state: only one removes the row.
        var deleted = await db.OAuthAuthorizations.Where(a => a.Nonce == payload.Nonce).ExecuteDeleteAsync(cancellationToken);
        return deleted == 1 ? pending : null;
    }

    private string ProtectState(OAuthState state, DateTimeOffset expiresAt) =>
        stateProtector.Protect(JsonSerializer.Serialize(state), expiresAt + ProtectorBackstop);

    private OAuthState? UnprotectState(string state)
    {
        try
        {
            return JsonSerializer.Deserialize<OAuthState>(stateProtector.Unprotect(state));
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal sealed record OAuthState(Guid ServiceId, string UserId, string Nonce, long ExpiresAtUnixMs, string ReturnUrl);
}
