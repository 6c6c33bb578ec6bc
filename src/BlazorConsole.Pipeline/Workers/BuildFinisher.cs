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
    public async Task FinishAsync(ClaimedBuild claimed, BuildStatus status, string? detail, BuildResult? result)
    {
        ArgumentNullException.ThrowIfNull(claimed);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Build {BuildId} (#{Number}) finished: {Status}")]
    private static partial void LogFinished(ILogger logger, long buildId, int number, BuildStatus status);
}
