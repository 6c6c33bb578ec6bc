using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using Microsoft.EntityFrameworkCore;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.GitProviders;

/// <summary>Who is changing services: platform services need a platform admin (checked by the caller's policy); personal ones belong to <see cref="UserId"/>.</summary>
public sealed record OAuthServiceOwner(OAuthServiceScope Scope, string UserId, string ActorName)
{
    public static OAuthServiceOwner Platform(string adminUserId, string actorName) => new(OAuthServiceScope.Platform, adminUserId, actorName);

    public static OAuthServiceOwner Personal(string userId, string actorName) => new(OAuthServiceScope.Personal, userId, actorName);
}

/// <summary>
/// Platform and personal OAuth services: validation, encryption of the client secret, audit.
/// A personal service is only ever found for its owner, so nobody can see or change another person's.
/// </summary>
internal sealed class OAuthServiceCatalog(IDbContextFactory<ConsoleDbContext> dbFactory, SecretProtector secrets, TimeProvider time, AuditTrail audit)
{
    public const int NameMaxLength = 100;

    public async Task<IReadOnlyList<OAuthServiceView>> ListAsync(OAuthServiceOwner owner, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var services = await Owned(db, owner).AsNoTracking().ToListAsync(cancellationToken);
        return services.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(s => ToView(s, publicBaseUrl)).ToList();
    }

    public async Task<OAuthServiceView?> FindAsync(OAuthServiceOwner owner, Guid id, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var service = await Owned(db, owner).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return service is null ? null : ToView(service, publicBaseUrl);
    }

    /// <summary>A service the user may bind: enabled, and platform-wide or their own.</summary>
    public async Task<OAuthService?> FindUsableAsync(string userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OAuthServices.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == id && s.Enabled && (s.Scope == OAuthServiceScope.Platform || s.OwnerUserId == userId), cancellationToken);
    }

    public async Task<(ChangeResult Result, OAuthServiceView? Service)> CreateAsync(OAuthServiceOwner owner, OAuthServiceRequest request, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(request);
        if (Validate(request, creating: true) is { } problem)
        {
            return (ChangeResult.Fail(problem), null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = request.Name!.Trim();
        if (await Owned(db, owner).AnyAsync(s => s.Name == name, cancellationToken))
        {
            return (ChangeResult.Fail($"There is already a service named '{name}'."), null);
        }

        var now = time.GetUtcNow();
        var service = new OAuthService
        {
            Type = request.Type!.Value,
            Name = name,
            ClientId = request.ClientId!.Trim(),
            ClientSecretProtected = secrets.Protect(request.ClientSecret!.Trim()),
            Scope = owner.Scope,
            OwnerUserId = owner.Scope == OAuthServiceScope.Personal ? owner.UserId : null,
            Enabled = request.Enabled ?? true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(service, request);
        db.OAuthServices.Add(service);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(OAuthAuditActions.ServiceCreated, owner.UserId, owner.ActorName, target: Describe(service), cancellationToken: cancellationToken);
        return (ChangeResult.Ok, ToView(service, publicBaseUrl));
    }

    public async Task<(ChangeResult Result, OAuthServiceView? Service)> UpdateAsync(OAuthServiceOwner owner, Guid id, OAuthServiceRequest request, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var service = await Owned(db, owner).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (service is null)
        {
            return (ChangeResult.Missing("There is no such OAuth service."), null);
        }

        if (Validate(request, creating: false) is { } problem)
        {
            return (ChangeResult.Fail(problem), null);
        }

        var name = request.Name!.Trim();
        if (await Owned(db, owner).AnyAsync(s => s.Id != id && s.Name == name, cancellationToken))
        {
            return (ChangeResult.Fail($"There is already a service named '{name}'."), null);
        }

        service.Type = request.Type!.Value;
        service.Name = name;
        service.ClientId = request.ClientId!.Trim();
        if (!string.IsNullOrWhiteSpace(request.ClientSecret))
        {
            service.ClientSecretProtected = secrets.Protect(request.ClientSecret.Trim());
        }

        service.Enabled = request.Enabled ?? service.Enabled;
        service.UpdatedAt = time.GetUtcNow();
        Apply(service, request);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(OAuthAuditActions.ServiceUpdated, owner.UserId, owner.ActorName, target: Describe(service),
            detail: string.IsNullOrWhiteSpace(request.ClientSecret) ? null : "client secret replaced", cancellationToken: cancellationToken);
        return (ChangeResult.Ok, ToView(service, publicBaseUrl));
    }

    public async Task<ChangeResult> SetEnabledAsync(OAuthServiceOwner owner, Guid id, bool enabled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var service = await Owned(db, owner).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (service is null)
        {
            return ChangeResult.Missing("There is no such OAuth service.");
        }

        service.Enabled = enabled;
        service.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(OAuthAuditActions.ServiceUpdated, owner.UserId, owner.ActorName, target: Describe(service), detail: enabled ? "enabled" : "disabled", cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    /// <summary>Deletes the service and, with it, every account bound through it.</summary>
    public async Task<ChangeResult> DeleteAsync(OAuthServiceOwner owner, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var service = await Owned(db, owner).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (service is null)
        {
            return ChangeResult.Missing("There is no such OAuth service.");
        }

        var bindings = await db.OAuthBindings.CountAsync(b => b.ServiceId == id, cancellationToken);
        db.OAuthServices.Remove(service);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(OAuthAuditActions.ServiceDeleted, owner.UserId, owner.ActorName, target: Describe(service),
            detail: bindings == 0 ? null : $"{bindings} bound account(s) removed with it", cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    /// <summary>Null when the request is usable, else the first thing to fix.</summary>
    internal static string? Validate(OAuthServiceRequest request, bool creating)
    {
        // Gogs reads as a kind (its webhooks are received) but has no OAuth: refused like any unknown type.
        if (request.Type is not { } type || !GitProviderRegistry.Default.TryGetOAuth(type, out var provider))
        {
            var names = GitProviderRegistry.Default.OAuthCapable.Select(p => p.ApiName).ToList();
            return $"Choose the OAuth type: {string.Join(", ", names[..^1])} or {names[^1]}.";
        }

        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > NameMaxLength)
        {
            return $"Give the service a name of 1 to {NameMaxLength} characters, e.g. 'Company GitLab'.";
        }

        if (string.IsNullOrWhiteSpace(request.ClientId) || request.ClientId.Trim().Length > 200)
        {
            return "Enter the Client ID the provider showed when you registered the OAuth application.";
        }

        if (creating && string.IsNullOrWhiteSpace(request.ClientSecret))
        {
            return "Enter the Client Secret the provider showed when you registered the OAuth application.";
        }

        if (provider.PublicAddress is null && string.IsNullOrWhiteSpace(request.ServiceAddress))
        {
            return $"{provider.DisplayName} needs its Service Address, e.g. https://{provider.ApiName}.example.com.";
        }

        var problem = GitProviderProfiles.ValidateAddress(request.ServiceAddress, "Service Address")
            ?? GitProviderProfiles.ValidateAddress(request.ApiUrl, "API URL")
            ?? GitProviderProfiles.ValidateAddress(request.AuthorizeUrl, "Authorize URL")
            ?? GitProviderProfiles.ValidateAddress(request.TokenUrl, "Token URL")
            ?? GitProviderProfiles.ValidateAddress(request.CallbackAddress, "Callback Address");
        if (problem is not null)
        {
            return problem;
        }

        return new[] { request.ServiceAddress, request.ApiUrl, request.AuthorizeUrl, request.TokenUrl, request.CallbackAddress }.Any(v => v?.Trim().Length > 500)
            ? "Addresses have at most 500 characters."
            : null;
    }

    public static ProviderEndpoints Endpoints(OAuthService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Provider().ResolveEndpoints(service.ServiceAddress, service.ApiUrl, service.AuthorizeUrl, service.TokenUrl);
    }

    internal static OAuthServiceView ToView(OAuthService s, string publicBaseUrl) => new(
        s.Id, s.Type, s.Name, s.ServiceAddress, s.ApiUrl, s.AuthorizeUrl, s.TokenUrl, s.ClientId,
        HasClientSecret: !string.IsNullOrEmpty(s.ClientSecretProtected),
        s.CallbackAddress,
        EffectiveCallbackAddress: string.IsNullOrWhiteSpace(s.CallbackAddress) ? OAuthCallback.DefaultFor(publicBaseUrl) : s.CallbackAddress,
        s.Scope, s.Enabled, s.CreatedAt, s.UpdatedAt);

    private static void Apply(OAuthService service, OAuthServiceRequest request)
    {
        service.ServiceAddress = Clean(request.ServiceAddress);
        service.ApiUrl = Clean(request.ApiUrl);
        service.AuthorizeUrl = Clean(request.AuthorizeUrl);
        service.TokenUrl = Clean(request.TokenUrl);
        service.CallbackAddress = Clean(request.CallbackAddress);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().TrimEnd('/');

    private static IQueryable<OAuthService> Owned(ConsoleDbContext db, OAuthServiceOwner owner) => owner.Scope == OAuthServiceScope.Platform
        ? db.OAuthServices.Where(s => s.Scope == OAuthServiceScope.Platform)
        : db.OAuthServices.Where(s => s.Scope == OAuthServiceScope.Personal && s.OwnerUserId == owner.UserId);

    private static string Describe(OAuthService s) => $"{s.Name} ({s.Provider().DisplayName}, {s.Scope.ToString().ToLowerInvariant()})";
}
