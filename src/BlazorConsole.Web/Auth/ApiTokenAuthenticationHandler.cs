using System.Text.Encodings.Web;
using BlazorConsole.Data;
using BlazorConsole.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Auth;

public static class ApiTokenDefaults
{
    public const string Scheme = "ApiToken";
}

/// <summary>Authenticates <c>Authorization: Bearer &lt;api token&gt;</c>: the token's hash is looked up, never the token.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<ConsoleDbContext> dbFactory,
    UserManager<ConsoleUser> userManager,
    IUserClaimsPrincipalFactory<ConsoleUser> principalFactory,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // Writing "last used" on every request would turn every API read into a write.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!ApiTokenFormat.LooksValid(token))
        {
            return AuthenticateResult.Fail("The bearer token is not a BlazorConsole API token.");
        }

        var hash = ApiTokenFormat.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var stored = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        var now = time.GetUtcNow();
        if (stored is null || !stored.IsActiveAt(now))
        {
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        }

        var user = await userManager.FindByIdAsync(stored.UserId);
        if (user is null || await userManager.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("The API token's account is locked or gone.");
        }

        if (stored.LastUsedAt is null || now - stored.LastUsedAt > LastUsedResolution)
        {
            stored.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var principal = await principalFactory.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required",
            detail: "Send 'Authorization: Bearer <api token>'. Create a token under Personal Center → Access Tokens.")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: "Your account does not have the role this operation needs.")
            .ExecuteAsync(Context);
    }
}
