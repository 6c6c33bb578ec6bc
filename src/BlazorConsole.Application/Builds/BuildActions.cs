using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Events;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Pipeline.Queue;
using BlazorConsole.Pipeline.Workers;
using Microsoft.EntityFrameworkCore;
using BlazorConsole.Application.Auditing;
using BlazorConsole.Application.Components;

namespace BlazorConsole.Application.Builds;

/// <summary>What people do to builds (API and pages): build now, cancel, approve, reject, through the build's guarded transitions.</summary>
internal sealed class BuildActions(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    DeliveryRecorder recorder,
    IConsoleEventStream events,
    IBuildQueue queue,
    AuditTrail audit,
    TimeProvider time) : IFirstBuildRequester
{
    public const string AuditManual = "build-requested";
    public const string AuditCanceled = "build-canceled";
    public const string AuditApproved = "build-approved";
    public const string AuditRejected = "build-rejected";

    /// <summary>A manual build of <paramref name="gitRef"/> (or the tracked branch); awaits approval when the component requires it.</summary>
    public async Task<(ChangeResult Result, long? BuildId)> RequestAsync(Guid componentId, string? gitRef, string userId, string actorName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var component = await db.Components.AsNoTracking().FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
        if (component is null)
        {
            return (ChangeResult.Missing("No such component."), null);
        }

        var fullRef = gitRef is { Length: > 0 }
            ? (gitRef.StartsWith("refs/", StringComparison.Ordinal) ? gitRef : RefMatcher.BranchPrefix + gitRef)
            : component.Branch is { Length: > 0 } branch && !RefMatcher.IsGlob(branch) ? RefMatcher.BranchPrefix + branch : null;
        if (fullRef is null || fullRef.Length > 300)
        {
            return (ChangeResult.Fail("This component tracks a pattern, not one branch: name the ref to build."), null);
        }

        var status = component.RequireApproval ? BuildStatus.AwaitingApproval : BuildStatus.Queued;
        var recorded = await recorder.RecordBuildAsync(componentId,
            new BuildDraft(BuildTrigger.Manual, status, fullRef, null, null, null, null, userId, false), time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(AuditManual, userId, actorName, $"component {componentId}", $"build of {fullRef} (build id {recorded.BuildId})", cancellationToken: cancellationToken);
        return (ChangeResult.Ok, recorded.BuildId);
    }

    public Task<(ChangeResult Result, long? BuildId)> RequestFirstBuildAsync(Guid componentId, string userId, string actorName, CancellationToken cancellationToken) =>
        RequestAsync(componentId, null, userId, actorName, cancellationToken);

    /// <summary>Queued or awaiting builds are canceled at once; a Running build's process tree is killed and its worker records Canceled.</summary>
    public async Task<ChangeResult> CancelAsync(long buildId, string userId, string actorName, CancellationToken cancellationToken)
    {
        var detail = $"canceled by {actorName}";
        var (found, changed) = await TransitionAsync(buildId, b => b.CanCancelWithoutWorker, (b, now) => b.Cancel(detail, now), cancellationToken);
        if (!found)
        {
            return ChangeResult.Missing("No such build.");
        }

        if (!changed)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var build = await db.Builds.Where(b => b.Id == buildId).Select(b => new { b.Status, b.ComponentId }).FirstAsync(cancellationToken);
            if (build.Status != BuildStatus.Running)
            {
                return ChangeResult.Fail("The build has already finished.");
            }

            // Running: whichever process runs it (this one or another replica) hears the request on the event stream
            // and kills its process tree (BuildCancelRequests), or does so as soon as it registers the build it just claimed.
            events.Publish(new BuildCancelRequested(build.ComponentId, buildId, detail));
        }

        await audit.RecordAsync(AuditCanceled, userId, actorName, $"build {buildId}", cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    public async Task<ChangeResult> ApproveAsync(long buildId, string userId, string actorName, CancellationToken cancellationToken)
    {
        var (found, changed) = await TransitionAsync(buildId, b => b.CanApprove, (b, now) => b.Approve(actorName, now), cancellationToken);
        if (!changed)
        {
            return found ? ChangeResult.Fail("The build is not awaiting approval.") : ChangeResult.Missing("No such build.");
        }

        queue.NotifyQueued(buildId);
        await audit.RecordAsync(AuditApproved, userId, actorName, $"build {buildId}", cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    public async Task<ChangeResult> RejectAsync(long buildId, string userId, string actorName, CancellationToken cancellationToken)
    {
        var (found, changed) = await TransitionAsync(buildId, b => b.CanApprove, (b, now) => b.Reject(actorName, now), cancellationToken);
        if (!changed)
        {
            return found ? ChangeResult.Fail("The build is not awaiting approval.") : ChangeResult.Missing("No such build.");
        }

        await audit.RecordAsync(AuditRejected, userId, actorName, $"build {buildId}", cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    private async Task<(bool Found, bool Changed)> TransitionAsync(
        long buildId, Func<Build, bool> allowed, Action<Build, DateTimeOffset> transition, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var build = await db.Builds.FirstOrDefaultAsync(b => b.Id == buildId, cancellationToken);
        if (build is null)
        {
            return (false, false);
        }

        if (!allowed(build))
        {
            return (true, false);
        }

        transition(build, time.GetUtcNow());
        try
        {
            // Saved only if the row is still in the state it was read in (Status is a concurrency token).
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (true, false); // a worker claimed it, or someone else decided first
        }

        return (true, true);
    }
}
