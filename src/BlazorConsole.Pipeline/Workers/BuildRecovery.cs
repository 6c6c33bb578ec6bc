using BlazorConsole.Data;
using BlazorConsole.Data.Leases;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// Builds left Running by a replica that is gone become Interrupted, and each is queued again once
/// (<see cref="BuildsOptions.RequeueInterrupted"/>) through the <see cref="DeliveryRecorder"/>, which numbers it. A replica
/// is gone when its lease (<see cref="LeaseNames.Replica"/>) can be taken: every live replica holds its own
/// (<see cref="ReplicaPresence"/>). At start-up, before this replica claims, its own earlier builds count too (a restart
/// with a fixed <c>Console:ReplicaId</c>); afterwards the holder of <see cref="LeaseNames.BuildRecovery"/> sweeps for
/// others' (<see cref="BuildWorkers"/>). On SQLite every other replica's lease is free, so a start-up recovers every
/// Running build, as one process should.
/// </summary>
public sealed partial class BuildRecovery(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    BuildRunner runner,
    DeliveryRecorder recorder,
    BuildLogStore logs,
    ILeaseProvider leases,
    ReplicaIdentity replica,
    IOptions<BuildsOptions> options,
    IOptions<LeaseOptions> leaseOptions,
    TimeProvider time,
    ILogger<BuildRecovery> logger)
{
    internal const string RequeueMarker = "re-queued after build #";
    internal const string InterruptedDetail = "Interrupted: the console stopped while this build ran.";

    // Owners a sweep found without their lease, and since when. Only the build-recovery holder sweeps, one at a time.
    private readonly Dictionary<string, DateTimeOffset> foundGone = new(StringComparer.Ordinal);

    /// <summary>At start-up, before any worker of this replica claims: local leftovers go, abandoned builds are recovered.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        runner.CleanUpInterruptedBuilds();
        await RecoverAbandonedAsync(atStartUp: true, cancellationToken);
    }

    /// <summary>A survivor's sweep: Running builds of replicas that are gone; returns how many were interrupted.</summary>
    public Task<int> RecoverGoneReplicasAsync(CancellationToken cancellationToken) => RecoverAbandonedAsync(atStartUp: false, cancellationToken);

    private async Task<int> RecoverAbandonedAsync(bool atStartUp, CancellationToken cancellationToken)
    {
        List<string?> owners;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            owners = await db.Builds.Where(b => b.Status == BuildStatus.Running).Select(b => b.ClaimedBy).Distinct().ToListAsync(cancellationToken);
        }

        var recovered = 0;
        foreach (var owner in owners)
        {
            if (owner is null || owner == replica.Id)
            {
                // Ours, before this start claimed anything: a previous life's. Unowned: claimed before builds recorded
                // their replica (the ClaimedBy migration); only a start-up takes those, as it always did.
                if (atStartUp)
                {
                    recovered += await InterruptBuildsOfAsync(owner, cancellationToken);
                }

                continue;
            }

            // Taken only when that replica's session is gone; held while its builds are recovered, so two survivors
            // never recover the same builds and the replica cannot come back meanwhile.
            await using var lease = await leases.TryAcquireAsync(LeaseNames.Replica(owner), cancellationToken);
            if (lease is null)
            {
                foundGone.Remove(owner);
            }
            else if (atStartUp || IsGoneLongEnough(owner))
            {
                foundGone.Remove(owner);
                recovered += await InterruptBuildsOfAsync(owner, cancellationToken);
            }
        }

        foreach (var forgotten in foundGone.Keys.Where(owner => !owners.Contains(owner)).ToList())
        {
            foundGone.Remove(forgotten); // its builds ended meanwhile
        }

        return recovered;
    }

    /// <summary>
    /// A sweep believes a replica is gone only when its lease stayed free for two of its retry intervals: after a
    /// database restart every replica lost its own lease for a moment, and a live one takes it back within one.
    /// </summary>
    private bool IsGoneLongEnough(string owner)
    {
        var now = time.GetUtcNow();
        if (!foundGone.TryGetValue(owner, out var since))
        {
            foundGone[owner] = now;
            return false;
        }

        return now - since >= 2 * leaseOptions.Value.RetryInterval;
    }

    private async Task<int> InterruptBuildsOfAsync(string? owner, CancellationToken cancellationToken)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.Builds.Where(b => b.Status == BuildStatus.Running && b.ClaimedBy == owner).Select(b => b.Id).ToListAsync(cancellationToken);
        }

        var interrupted = 0;
        foreach (var id in ids)
        {
            if (await InterruptAsync(id, owner, cancellationToken))
            {
                interrupted++;
            }
        }

        return interrupted;
    }

    private async Task<bool> InterruptAsync(long buildId, string? owner, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var build = await db.Builds.SingleOrDefaultAsync(b => b.Id == buildId && b.Status == BuildStatus.Running, cancellationToken);
        if (build is null)
        {
            return false;
        }

        var wasRequeue = build.StatusDetail?.StartsWith(RequeueMarker, StringComparison.Ordinal) == true;
        build.Interrupt(InterruptedDetail, time.GetUtcNow());
        try
        {
            // Saved before the re-queue: of two recoverers (two replicas starting at once) only one gets past the
            // Status token, so the build is re-queued once.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        if (options.Value.RequeueInterrupted && !wasRequeue)
        {
            var recorded = await recorder.RecordBuildAsync(build.ComponentId, new BuildDraft(
                build.Trigger, BuildStatus.Queued, build.Ref, build.CommitSha, build.CommitMessage, build.CommitAuthor, build.CommitUrl,
                build.RequestedByUserId, false, $"{RequeueMarker}{build.Number} was interrupted"), time.GetUtcNow(), cancellationToken);
            build.AddFollowUp($"Re-queued as build #{recorded.BuildNumber}.");
        }
        else if (wasRequeue)
        {
            build.AddFollowUp("Not re-queued again: it was itself a re-queued build.");
        }

        await db.SaveChangesAsync(cancellationToken);
        using (var log = logs.OpenWriter(BuildWorkers.BuildKey(build.Id)))
        {
            log.Write(owner is null || owner == replica.Id
                ? build.StatusDetail ?? "Interrupted."
                : $"{build.StatusDetail} (Replica {owner} ran it and is gone; replica {replica.Id} recovered it.)");
        }

        LogInterrupted(logger, build.Id, build.Number, owner ?? "(unknown)", replica.Id);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build {BuildId} (#{Number}) was interrupted: replica {Owner} that ran it stopped (recovered by replica {Recoverer})")]
    private static partial void LogInterrupted(ILogger logger, long buildId, int number, string owner, string recoverer);
}
