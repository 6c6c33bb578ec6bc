using BlazorConsole.Data;
using BlazorConsole.Git.Providers;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Application.GitProviders;

/// <summary>
/// Who may read what a provider (or whatever a personal OAuth service points at) answered. An OAuth service's address is
/// typed by its owner, so its replies and connection errors could describe an internal service; people other than
/// platform admins see a generic sentence, and the detail goes to the console's log for the admins.
/// </summary>
internal sealed partial class ProviderErrorDisclosure(IDbContextFactory<ConsoleDbContext> dbFactory, ILogger<ProviderErrorDisclosure> logger)
{
    public const string Generic = "the provider could not be reached; a platform admin can find the detail in the console's log";

    /// <summary>
    /// Provider failures whose message repeats what the remote side said (its body, a connection error): unavailable and
    /// rejected. The others (token refused, scope missing, rate limit, not found) are the console's own sentences.
    /// </summary>
    public static bool RepeatsRemoteReply(GitProviderException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Kind is GitProviderErrorKind.Unavailable or GitProviderErrorKind.Rejected;
    }

    /// <summary>Logs <paramref name="detail"/> and returns it for a platform admin, else <see cref="Generic"/>.</summary>
    /// <param name="context">What was being done, for the log: "token exchange with 'Team GitLab'".</param>
    public async Task<string> ForUserAsync(string userId, string context, string detail, CancellationToken cancellationToken = default)
    {
        LogProviderFailure(logger, context, userId, detail);
        return await IsPlatformAdminAsync(userId, cancellationToken) ? detail : Generic;
    }

    private async Task<bool> IsPlatformAdminAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserRoles.AnyAsync(
            link => link.UserId == userId && db.Roles.Any(role => role.Id == link.RoleId && role.Name == ConsoleRoles.PlatformAdmin),
            cancellationToken);
    }

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning, Message = "Git provider call failed ({Context}, for user {UserId}): {Detail}")]
    private static partial void LogProviderFailure(ILogger logger, string context, string userId, string detail);
}
