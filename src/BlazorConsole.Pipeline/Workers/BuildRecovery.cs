using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// At start-up, before any worker claims: builds the previous process left Running become Interrupted, and each is
/// queued again once (<see cref="BuildsOptions.RequeueInterrupted"/>) through the <see cref="DeliveryRecorder"/>, which numbers it.
/// </summary>
public sealed partial class BuildRecovery(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    BuildRunner runner,
    DeliveryRecorder recorder,
    BuildLogStore logs,
    IOptions<BuildsOptions> options,
    TimeProvider time,
    ILogger<BuildRecovery> logger)
{
    internal const string RequeueMarker = "re-queued after build #";

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        runner.CleanUpInterruptedBuilds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var interrupted = await db.Builds.Where(b => b.Status == BuildStatus.Running).ToListAsync(cancellationToken);
        foreach (var build in interrupted)
        {
            var wasRequeue = build.StatusDetail?.StartsWith(RequeueMarker, StringComparison.Ordinal) == true;
            build.Interrupt("Interrupted: the console stopped while this build ran.", time.GetUtcNow());
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

            using (var log = logs.OpenWriter(BuildWorkers.BuildKey(build.Id)))
            {
                log.Write(build.StatusDetail ?? "Interrupted.");
            }

            LogInterrupted(logger, build.Id, build.Number);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build {BuildId} (#{Number}) was interrupted by a console stop")]
    private static partial void LogInterrupted(ILogger logger, long buildId, int number);
}
