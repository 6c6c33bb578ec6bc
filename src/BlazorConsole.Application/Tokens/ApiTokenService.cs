using BlazorConsole.Data;
using BlazorConsole.Domain.Access;
using BlazorConsole.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Tokens;

public sealed record ApiTokenView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, bool Active);

/// <summary>The one moment the plain token exists outside its owner's hands.</summary>
public sealed record CreatedApiToken(ApiTokenView Token, string PlainToken);

internal sealed class ApiTokenService(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider time, AuditTrail audit)
{
    public const int MaxActiveTokensPerUser = 50;

    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        return tokens.Select(t => ToView(t, now)).ToList();
    }

    public async Task<(ChangeResult Result, CreatedApiToken? Created)> CreateAsync(string userId, string actorName, string name, int? expiresInDays, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            return (ChangeResult.Fail("Give the token a name of 1 to 100 characters, e.g. 'ci-deploy'."), null);
        }

        if (expiresInDays is <= 0 or > 3650)
        {
            return (ChangeResult.Fail("Expiry must be between 1 and 3650 days, or none."), null);
        }

        var plain = ApiTokenFormat.NewToken();
        var (result, token) = await StoreAsync(userId, name, plain, expiresInDays, cancellationToken);
        if (!result.Succeeded || token is null)
        {
            return (result, null);
        }

        await audit.RecordAsync(AuditActions.TokenCreated, userId, actorName, target: $"{name} ({token.Prefix}…)", cancellationToken: cancellationToken);
        return (ChangeResult.Ok, new CreatedApiToken(token, plain));
    }

    /// <summary>Stores a token whose plain value was chosen elsewhere (the bootstrap configuration).</summary>
    public async Task<(ChangeResult Result, ApiTokenView? Token)> StoreAsync(string userId, string name, string plainToken, int? expiresInDays, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var active = await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null, cancellationToken);
        if (active >= MaxActiveTokensPerUser)
        {
            return (ChangeResult.Fail($"You already have {MaxActiveTokensPerUser} active tokens. Revoke some first."), null);
        }

        var token = new ApiToken
        {
            UserId = userId,
            Name = name,
            Prefix = ApiTokenFormat.PrefixOf(plainToken),
            Hash = ApiTokenFormat.Hash(plainToken),
            CreatedAt = now,
            ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (ChangeResult.Ok, ToView(token, now));
    }

    public async Task<ChangeResult> RevokeAsync(string userId, string actorName, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return ChangeResult.Missing("There is no such token among yours.");
        }

        if (token.RevokedAt is not null)
        {
            return ChangeResult.Ok;
        }

        token.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.TokenRevoked, userId, actorName, target: $"{token.Name} ({token.Prefix}…)", cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    private static ApiTokenView ToView(ApiToken t, DateTimeOffset now) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.IsActiveAt(now));
}
