using BlazorConsole.Data;
using BlazorConsole.Git.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// Reports a build's state as a commit status (context <c>blazorconsole/build</c>) when the component came from an OAuth
/// service: through the binding of the person who created the component, linking the build page when
/// <c>Console:PublicUrl</c> is set. Best effort: a provider refusal or outage is logged and never affects the build.
/// </summary>
public sealed partial class BuildCommitStatus(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    IOAuthBindingAccess bindings,
    IBuildPageLinks links,
    ILogger<BuildCommitStatus> logger)
{
    public const string Context = "blazorconsole/build";

    public async Task ReportAsync(Guid componentId, long buildId, string? sha, CommitState state, string description)
    {
        if (string.IsNullOrEmpty(sha))
        {
            return; // a manual build's commit is known only after checkout: its final state is still reported
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var component = await db.Components.AsNoTracking().Where(c => c.Id == componentId)
                .Select(c => new { c.OAuthServiceId, c.RepoFullName, c.CreatedByUserId })
                .FirstOrDefaultAsync();
            if (component is not { OAuthServiceId: { } serviceId, RepoFullName: { Length: > 0 } repository, CreatedByUserId: { } userId })
            {
                return;
            }

            var target = links.BuildPage(buildId);
            var result = await bindings.UseProviderAsync(userId, serviceId,
                (client, ct) => client.SetCommitStatusAsync(repository, new CommitStatusRequest(sha, state, Context, description, target), ct),
                CancellationToken.None);
            if (!result.Succeeded)
            {
                LogRefused(logger, buildId, result.Error);
            }
        }
#pragma warning disable CA1031 // Best effort by design: the build's outcome never depends on the provider.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e, buildId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit status for build {BuildId} not set: {Reason}")]
    private static partial void LogRefused(ILogger logger, long buildId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit status for build {BuildId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long buildId);
}
