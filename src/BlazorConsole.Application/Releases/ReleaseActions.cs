using System.Security.Claims;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Releases;

/// <summary>
/// What people do to a component's release, from the API or the Runtime tab: the release manager does it,
/// and every action leaves an audit entry with who, what and how it ended (a failed health check included).
/// </summary>
internal sealed class ReleaseActions(ReleaseManager releases, AuditTrail audit)
{
    public const string AuditRollback = "release-rollback";
    public const string AuditStart = "release-start";
    public const string AuditStop = "release-stop";
    public const string AuditRestart = "release-restart";

    public Task<ReleaseResult> RollbackAsync(Guid componentId, long buildId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        RunAsync(AuditRollback, componentId, user, $"to build {buildId}", ct => releases.RollbackAsync(componentId, buildId, ct), cancellationToken);

    public Task<ReleaseResult> StartAsync(Guid componentId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        RunAsync(AuditStart, componentId, user, null, ct => releases.StartAsync(componentId, ct), cancellationToken);

    public Task<ReleaseResult> StopAsync(Guid componentId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        RunAsync(AuditStop, componentId, user, null, ct => releases.StopAsync(componentId, ct), cancellationToken);

    public Task<ReleaseResult> RestartAsync(Guid componentId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        RunAsync(AuditRestart, componentId, user, null, ct => releases.RestartAsync(componentId, ct), cancellationToken);

    private async Task<ReleaseResult> RunAsync(string action, Guid componentId, ClaimsPrincipal user, string? what,
        Func<CancellationToken, Task<ReleaseResult>> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await run(cancellationToken);
        var outcome = $"{result.Status}{(result.Detail is { Length: > 0 } detail ? " — " + detail : "")}";
        // Recorded even when the caller went away: the action happened.
        await audit.RecordAsync(action, user.RequiredUserId(), user.Identity?.Name, $"component {componentId}",
            what is null ? outcome : $"{what}: {outcome}", cancellationToken: CancellationToken.None);
        return result;
    }
}
