using BlazorConsole.Data;
using BlazorConsole.Data.Writes;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>Records how a build ended (the <c>Build.Finish</c> transition, the checked-out commit, the detected language) and deploys a success.</summary>
public sealed partial class BuildFinisher(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    ReleaseManager releases,
    TimeProvider time,
    ILogger<BuildFinisher> logger)
{
    /// <summary>How long a finished build's outcome is retried while the database does not answer.</summary>
    public static readonly TimeSpan FinishRetryLimit = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Records the outcome, and keeps trying while the database is away (a restart, a network blip): the result exists
    /// only in this process, and a build left Running would stay so until recovery. Gives up when
    /// <paramref name="giveUp"/> fires (the console stops: the next start marks the build Interrupted) or after
    /// <see cref="FinishRetryLimit"/>.
    /// </summary>
    public async Task FinishAsync(ClaimedBuild claimed, BuildStatus status, string? detail, BuildResult? result, CancellationToken giveUp = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var started = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RecordFinishAsync(claimed, status, detail, result);
                if (attempt > 1)
                {
                    LogFinishRecordedAfterOutage(logger, claimed.Id, attempt);
                }

                return;
            }
            catch (Exception e) when (e.IsDatabaseFailure() && time.GetUtcNow() - started < FinishRetryLimit && !giveUp.IsCancellationRequested)
            {
                if (attempt == 1)
                {
                    LogFinishRetrying(logger, e, claimed.Id);
                }

                var wait = TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(attempt - 1, 5))));
                try
                {
                    await Task.Delay(wait, time, giveUp);
                }
                catch (OperationCanceledException)
                {
                    throw new OperationCanceledException("The console stopped before the build's outcome could be recorded.", e, giveUp);
                }
            }
        }
    }

    private async Task RecordFinishAsync(ClaimedBuild claimed, BuildStatus status, string? detail, BuildResult? result)
    {
        // Not cancelled with the host: a finished build must be recorded even while the console stops.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var build = await db.Builds.FirstAsync(b => b.Id == claimed.Id, CancellationToken.None);
        if (result is not null)
        {
            build.RecordCheckedOutCommit(new BuildCommit(result.CommitSha, result.CommitMessage, result.CommitAuthor));
        }

        build.Finish(status, detail, result?.FinishedAt ?? time.GetUtcNow());
        if (result is not null)
        {
            await ComponentLanguageFields.RecordBuildDetectionAsync(db, claimed.ComponentId, result, CancellationToken.None);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        LogFinished(logger, claimed.Id, claimed.Number, status);
    }

    /// <summary>The successful build goes live (zero-downtime swap); the build row says how that went.</summary>
    public async Task DeployAsync(ClaimedBuild claimed, ReleaseArtifact artifact, string? startCommand, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        BuildDeployStatus deployStatus;
        string outcome;
        try
        {
            var release = await releases.DeployAsync(claimed.ComponentId, claimed.Id, artifact, startCommand, stoppingToken);
            (deployStatus, outcome) = release.Succeeded
                ? (BuildDeployStatus.Deployed, $"deployed as release #{release.ReleaseId}")
                : (BuildDeployStatus.Failed, $"built, but the deploy failed: {release.Detail}");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            (deployStatus, outcome) = (BuildDeployStatus.Failed, "built; the deploy was cut off by a console stop (start-up reconciles releases)");
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var build = await db.Builds.FirstAsync(b => b.Id == claimed.Id, CancellationToken.None);
        build.RecordDeployOutcome(deployStatus, outcome);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome of build {BuildId} cannot be recorded now (the database does not answer); retrying")]
    private static partial void LogFinishRetrying(ILogger logger, Exception exception, long buildId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The outcome of build {BuildId} was recorded at attempt {Attempt}, after the database came back")]
    private static partial void LogFinishRecordedAfterOutage(ILogger logger, long buildId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Build {BuildId} (#{Number}) finished: {Status}")]
    private static partial void LogFinished(ILogger logger, long buildId, int number, BuildStatus status);
}
