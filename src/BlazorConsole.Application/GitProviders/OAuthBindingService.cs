using System.Collections.Concurrent;
using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.Git.Providers.OAuth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.GitProviders;

/// <summary>
/// A user's bound provider accounts: listing, unbinding, and calling the provider API with the stored token —
/// refreshed shortly before it expires and once more when the provider answers 401. A refresh that fails marks the
/// binding Expired (with the reason) and keeps it, so the person sees "Re-authenticate" instead of a vanished account.
/// </summary>
internal sealed partial class OAuthBindingService(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    SecretProtector secrets,
    TimeProvider time,
    IOptions<GitProviderOptions> options,
    IHttpClientFactory httpClients,
    IGitProviderClientFactory providerClients,
    AuditTrail audit,
    ProviderErrorDisclosure disclosure,
    ILogger<OAuthBindingService> logger)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> refreshLocks = new();

    /// <summary>Every enabled service the user may bind (platform ones and their own), with their binding's state.</summary>
    public async Task<IReadOnlyList<OAuthBindingView>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var services = await db.OAuthServices.AsNoTracking()
            .Where(s => s.Enabled && (s.Scope == OAuthServiceScope.Platform || s.OwnerUserId == userId))
            .ToListAsync(cancellationToken);
        var bindings = await db.OAuthBindings.AsNoTracking().Where(b => b.UserId == userId).ToDictionaryAsync(b => b.ServiceId, cancellationToken);
        return services
            .OrderBy(s => s.Scope).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => bindings.TryGetValue(s.Id, out var b)
                ? new OAuthBindingView(s.Id, s.Name, s.Type, s.Scope,
                    b.Status == OAuthBindingStatus.Expired ? OAuthAccountStatus.Expired : OAuthAccountStatus.Bound,
                    b.ProviderLogin, b.ProviderEmail, b.BoundAt, b.ExpiresAt, b.StatusReason)
                : new OAuthBindingView(s.Id, s.Name, s.Type, s.Scope, OAuthAccountStatus.NotBound, null, null, null, null, null))
            .ToList();
    }

    public async Task<ChangeResult> UnbindAsync(string userId, string actorName, Guid serviceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var binding = await db.OAuthBindings.FirstOrDefaultAsync(b => b.UserId == userId && b.ServiceId == serviceId, cancellationToken);
        if (binding is null)
        {
            return ChangeResult.Missing("No account is bound through that service.");
        }

        db.OAuthBindings.Remove(binding);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(OAuthAuditActions.AccountUnbound, userId, actorName, target: $"@{binding.ProviderLogin}", detail: serviceId.ToString(), cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    /// <summary>Stores (or replaces) the binding after a successful authorization.</summary>
    public async Task<OAuthBinding> StoreAsync(string userId, Guid serviceId, ProviderUser account, OAuthTokens tokens, string redirectUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(tokens);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var binding = await db.OAuthBindings.FirstOrDefaultAsync(b => b.UserId == userId && b.ServiceId == serviceId, cancellationToken);
        if (binding is null)
        {
            binding = new OAuthBinding
            {
                UserId = userId,
                ServiceId = serviceId,
                ProviderUserId = account.Id,
                ProviderLogin = account.Login,
                AccessTokenProtected = "",
            };
            db.OAuthBindings.Add(binding);
        }

        binding.ProviderUserId = account.Id;
        binding.ProviderLogin = account.Login;
        binding.ProviderEmail = account.Email;
        binding.AccessTokenProtected = secrets.Protect(tokens.AccessToken);
        binding.RefreshTokenProtected = tokens.RefreshToken is null ? null : secrets.Protect(tokens.RefreshToken);
        binding.ExpiresAt = tokens.ExpiresInSeconds is { } seconds ? now.AddSeconds(seconds) : null;
        binding.GrantedScopes = tokens.Scope;
        binding.Status = OAuthBindingStatus.Bound;
        binding.StatusReason = null;
        binding.RedirectUri = redirectUri;
        binding.BoundAt = now;
        binding.RefreshedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        return binding;
    }

    /// <summary>
    /// Runs <paramref name="action"/> against the provider as the user's bound account. Failures come back as a
    /// <see cref="ChangeResult"/> with a sentence: not bound, expired (re-authenticate), missing scope, rate limit.
    /// </summary>
    public async Task<(ChangeResult Result, T? Value)> UseProviderAsync<T>(string userId, Guid serviceId, Func<IGitProviderClient, CancellationToken, Task<T>> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var (failure, service, binding, refreshed) = await UsableBindingAsync(userId, serviceId, cancellationToken);
        if (failure is not null)
        {
            return (failure, default);
        }

        for (var attempt = 0; ; attempt++)
        {
            var (accessToken, unreadable) = await AccessTokenOfAsync(service, binding, userId, cancellationToken);
            if (accessToken is null)
            {
                return (unreadable!, default);
            }

            var client = providerClients.Create(new GitProviderConnection(service.Type, OAuthServiceCatalog.Endpoints(service).ApiBaseUrl, accessToken));
            try
            {
                return (ChangeResult.Ok, await action(client, cancellationToken));
            }
            catch (GitProviderException e) when (e.Kind == GitProviderErrorKind.Unauthorized)
            {
                if (attempt == 0 && !refreshed && binding.RefreshTokenProtected is not null)
                {
                    var outcome = await RefreshAsync(service, binding.Id, binding.RefreshedAt, cancellationToken);
                    if (outcome.Binding is not null)
                    {
                        binding = outcome.Binding;
                        refreshed = true;
                        continue;
                    }

                    return (ChangeResult.Fail(await FailureMessageAsync(outcome, service, userId, cancellationToken)), default);
                }

                await MarkExpiredAsync(binding.Id, userId, e.Message, cancellationToken);
                return (ChangeResult.Fail(ExpiredMessage(service, $"{service.Provider().DisplayName} refused the token")), default);
            }
            catch (GitProviderException e) when (ProviderErrorDisclosure.RepeatsRemoteReply(e))
            {
                return (ChangeResult.Fail(await disclosure.ForUserAsync(userId, $"calling '{service.Name}'", e.Message, cancellationToken)), default);
            }
            catch (GitProviderException e)
            {
                return (ChangeResult.Fail(e.Message), default);
            }
        }
    }

    /// <summary>
    /// The user's access token for <paramref name="serviceId"/>, for cloning over HTTPS (refreshed first when it is about
    /// to expire). Null with the reason when there is no usable binding.
    /// </summary>
    public async Task<(ChangeResult Result, string? AccessToken, GitProviderKind Provider)> AccessTokenAsync(string userId, Guid serviceId, CancellationToken cancellationToken = default)
    {
        var (failure, service, binding, _) = await UsableBindingAsync(userId, serviceId, cancellationToken);
        if (failure is not null)
        {
            return (failure, null, default);
        }

        var (accessToken, unreadable) = await AccessTokenOfAsync(service, binding, userId, cancellationToken);
        return (unreadable ?? ChangeResult.Ok, accessToken, service.Type);
    }

    /// <summary>The binding's decrypted access token; a token the key ring can no longer read expires the binding.</summary>
    private async Task<(string? AccessToken, ChangeResult? Failure)> AccessTokenOfAsync(OAuthService service, OAuthBinding binding, string userId, CancellationToken cancellationToken)
    {
        if (secrets.TryUnprotect(binding.AccessTokenProtected, out var accessToken))
        {
            return (accessToken, null);
        }

        await MarkExpiredAsync(binding.Id, userId, "The stored token cannot be decrypted (the key ring changed).", cancellationToken);
        return (null, ChangeResult.Fail(ExpiredMessage(service, "the stored token cannot be decrypted")));
    }

    /// <summary>The enabled service, the user's binding on it (not expired, refreshed when due), or why there is none.</summary>
    private async Task<(ChangeResult? Failure, OAuthService Service, OAuthBinding Binding, bool Refreshed)> UsableBindingAsync(
        string userId, Guid serviceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var service = await db.OAuthServices.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == serviceId && (s.Scope == OAuthServiceScope.Platform || s.OwnerUserId == userId), cancellationToken);
        if (service is null)
        {
            return (ChangeResult.Missing("There is no such OAuth service."), null!, null!, false);
        }

        if (!service.Enabled)
        {
            return (ChangeResult.Fail($"'{service.Name}' is disabled."), service, null!, false);
        }

        var binding = await db.OAuthBindings.AsNoTracking().FirstOrDefaultAsync(b => b.UserId == userId && b.ServiceId == serviceId, cancellationToken);
        if (binding is null)
        {
            return (ChangeResult.Fail($"Bind your {service.Provider().DisplayName} account first: Personal Center → OAuth Account Binding → Go to Authentication on '{service.Name}'."), service, null!, false);
        }

        if (binding.Status == OAuthBindingStatus.Expired)
        {
            return (ChangeResult.Fail(ExpiredMessage(service, binding.StatusReason)), service, binding, false);
        }

        if (binding.NeedsRefreshAt(time.GetUtcNow(), options.Value.RefreshBeforeExpiry) && binding.RefreshTokenProtected is not null)
        {
            var outcome = await RefreshAsync(service, binding.Id, binding.RefreshedAt, cancellationToken);
            return outcome.Binding is null
                ? (ChangeResult.Fail(await FailureMessageAsync(outcome, service, userId, cancellationToken)), service, binding, false)
                : (null, service, outcome.Binding, true);
        }

        return (null, service, binding, false);
    }

    /// <summary>
    /// Uses the refresh token once (per binding at a time: a concurrent caller waits and reuses the result).
    /// On refusal the binding is marked Expired, never deleted.
    /// </summary>
    internal async Task<RefreshOutcome> RefreshAsync(OAuthService service, Guid bindingId, DateTimeOffset? seenRefreshedAt, CancellationToken cancellationToken)
    {
        var gate = refreshLocks.GetOrAdd(bindingId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var binding = await db.OAuthBindings.FirstOrDefaultAsync(b => b.Id == bindingId, cancellationToken);
            if (binding is null)
            {
                return RefreshOutcome.Expired("the binding was removed");
            }

            if (binding.Status == OAuthBindingStatus.Expired)
            {
                return RefreshOutcome.Expired(binding.StatusReason);
            }

            if (binding.RefreshedAt != seenRefreshedAt)
            {
                return new RefreshOutcome(binding, false, null);  // Someone else refreshed it while we waited.
            }

            string? reason;
            if (!secrets.TryUnprotect(binding.RefreshTokenProtected, out var refreshToken) || !secrets.TryUnprotect(service.ClientSecretProtected, out var clientSecret))
            {
                reason = "the stored refresh token or client secret cannot be decrypted";
            }
            else
            {
                try
                {
                    var tokens = await httpClients.CreateOAuthTokenClient().RefreshAsync(
                        OAuthServiceCatalog.Endpoints(service).TokenUrl, new OAuthClientCredentials(service.ClientId, clientSecret), refreshToken, binding.RedirectUri, cancellationToken);
                    var now = time.GetUtcNow();
                    binding.AccessTokenProtected = secrets.Protect(tokens.AccessToken);
                    if (tokens.RefreshToken is not null)
                    {
                        binding.RefreshTokenProtected = secrets.Protect(tokens.RefreshToken);
                    }

                    binding.ExpiresAt = tokens.ExpiresInSeconds is { } seconds ? now.AddSeconds(seconds) : null;
                    binding.GrantedScopes = tokens.Scope ?? binding.GrantedScopes;
                    binding.RefreshedAt = now;
                    await db.SaveChangesAsync(cancellationToken);
                    return new RefreshOutcome(binding, false, null);
                }
                catch (OAuthTokenException e) when (e.Transient)
                {
                    // Nothing was refused: the binding stays as it is and the next call tries again.
                    BindingLog.RefreshFailed(logger, binding.Id, e.Message);
                    return new RefreshOutcome(null, true, e.Message);
                }
                catch (OAuthTokenException e)
                {
                    // Stored and shown to the binding's owner: the console's words and the OAuth error code, never the
                    // endpoint's free text (error_description), which the log keeps.
                    BindingLog.RefreshFailed(logger, binding.Id, e.Message);
                    reason = e.Error is { } code && OAuthErrorCode().IsMatch(code)
                        ? $"the provider refused the refresh token ({code})"
                        : "the provider refused the refresh token";
                }
            }

            BindingLog.RefreshFailed(logger, binding.Id, reason);
            binding.Status = OAuthBindingStatus.Expired;
            binding.StatusReason = $"Refreshing the token failed: {reason}";
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(OAuthAuditActions.BindingExpired, binding.UserId, null, target: $"@{binding.ProviderLogin}", detail: binding.StatusReason, cancellationToken: cancellationToken);
            return RefreshOutcome.Expired(reason);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task MarkExpiredAsync(Guid bindingId, string userId, string reason, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var binding = await db.OAuthBindings.FirstOrDefaultAsync(b => b.Id == bindingId, cancellationToken);
        if (binding is null)
        {
            return;
        }

        binding.Status = OAuthBindingStatus.Expired;
        binding.StatusReason = reason;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(OAuthAuditActions.BindingExpired, userId, null, target: $"@{binding.ProviderLogin}", detail: reason, cancellationToken: cancellationToken);
    }

    internal sealed record RefreshOutcome(OAuthBinding? Binding, bool Transient, string? Reason)
    {
        public static RefreshOutcome Expired(string? reason) => new(null, false, reason);

        public string FailureMessage(OAuthService service) => Transient
            ? $"The token for '{service.Name}' needs refreshing, but {service.Provider().DisplayName} could not be reached ({Reason?.TrimEnd('.')}). Try again shortly."
            : ExpiredMessage(service, Reason);
    }

    /// <summary>A failed refresh in words: a token endpoint that could not be reached is described to platform admins only.</summary>
    private async Task<string> FailureMessageAsync(RefreshOutcome outcome, OAuthService service, string userId, CancellationToken cancellationToken)
    {
        if (!outcome.Transient)
        {
            return outcome.FailureMessage(service); // the console's own words (see RefreshAsync)
        }

        var reason = await disclosure.ForUserAsync(userId, $"refreshing the token of '{service.Name}'", outcome.Reason ?? "", cancellationToken);
        return (outcome with { Reason = reason }).FailureMessage(service);
    }

    private static string ExpiredMessage(OAuthService service, string? reason) =>
        $"Your {service.Provider().DisplayName} authorization for '{service.Name}' has expired{(string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.TrimEnd('.')})")}. " +
        "Re-authenticate under Personal Center → OAuth Account Binding.";

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_]{1,64}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex OAuthErrorCode();

    private static partial class BindingLog
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the token of OAuth binding {BindingId} failed: {Reason}")]
        public static partial void RefreshFailed(ILogger logger, Guid bindingId, string? reason);
    }
}
