using System.Globalization;
using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Data.Writes;
using BlazorConsole.Domain.Events;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Git.Providers;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Queue;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Web.Features.Components;
using BlazorConsole.Web.Features.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PipelineBuildRequest = BlazorConsole.Pipeline.BuildRequest;

namespace BlazorConsole.Web.Features.Builds.Workers;

/// <summary>
/// <see cref="BuildsOptions.MaxConcurrency"/> workers that claim Queued builds from the database and run them with
/// <see cref="BuildRunner"/>. They are woken by <see cref="IBuildQueue"/> and also poll, because the rows are the truth
/// and a lost signal must only cost a poll interval. At start-up, builds a previous process left Running are marked
/// Interrupted (and queued again once) before any worker claims.
/// </summary>
internal sealed partial class BuildWorkers(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    IBuildClaimStore claims,
    RunningBuilds running,
    BuildRunner runner,
    BuildLogStore logs,
    IBuildQueue queue,
    DeliveryRecorder recorder,
    SecretProtector secrets,
    IConsoleEventStream events,
    ConsoleReadiness readiness,
    BuildCommitStatus commitStatus,
    BuildCredentials credentialSource,
    ReleaseManager releases,
    IOptions<BuildsOptions> options,
    TimeProvider time,
    ILogger<BuildWorkers> logger) : BackgroundService
{
    internal const string RequeueMarker = "re-queued after build #";

    private readonly SemaphoreSlim wake = new(0, int.MaxValue);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunWorkers)
        {
            readiness.MarkWorkersReady(running: false);
            return;
        }

        while (!readiness.DatabaseReady)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, stoppingToken);
        }

        await RecoverAsync(stoppingToken);
        var workers = Enumerable.Range(0, settings.MaxConcurrency).Select(_ => WorkAsync(stoppingToken)).ToList();
        workers.Add(ForwardSignalsAsync(stoppingToken));
        readiness.MarkWorkersReady(running: true);
        LogStarted(logger, settings.MaxConcurrency);
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Wakes one idle worker (a build was queued or approved, or one finished and its component's next may run).</summary>
    public void Wake() => wake.Release();

    private async Task ForwardSignalsAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in queue.WaitForQueuedAsync(stoppingToken))
        {
            // Waking more workers than there are is pointless; an idle one re-checks the database anyway.
            if (wake.CurrentCount < options.Value.MaxConcurrency)
            {
                wake.Release();
            }
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var component in await claims.SupersedeAsync(time.GetUtcNow(), stoppingToken))
                {
                    events.Publish(new BuildsSuperseded(component));
                }

                if (await claims.ClaimNextAsync(time.GetUtcNow(), stoppingToken) is { } build)
                {
                    await RunAsync(build, stoppingToken);
                    Wake();
                    continue;
                }

                await wake.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A database hiccup must not kill a worker: log, wait a poll interval, try again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogWorkerError(logger, e);
                await Task.Delay(poll, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunAsync(ClaimedBuild claimed, CancellationToken stoppingToken)
    {
        // The claim is the store's SQL, not an entity transition: it is announced here.
        events.Publish(new BuildStarted(claimed.ComponentId, claimed.Id, claimed.Number));
        using var cancel = running.Register(claimed.Id, stoppingToken);
        BuildResult result;
        var pendingStatus = Task.CompletedTask;
        try
        {
            var request = await RequestForAsync(claimed, stoppingToken);
            if (request is null)
            {
                await FinishAsync(claimed, BuildStatus.Failed, "The component no longer exists.", null);
                return;
            }

            running.RaiseStarting(claimed.Id);
            // Off the worker's path; the final state is sent after this one, so the provider sees them in order.
            pendingStatus = commitStatus.ReportAsync(claimed.ComponentId, claimed.Id, request.CommitSha, CommitState.Pending, $"Build #{claimed.Number} is running");
            result = await runner.RunAsync(request, cancel.Token);
        }
        finally
        {
            running.Unregister(claimed.Id, out _);
        }

        if (result.Outcome == BuildOutcome.Canceled && stoppingToken.IsCancellationRequested && !running.WasCanceled(claimed.Id))
        {
            // The console is stopping: the row stays Running and the next start-up marks it Interrupted and re-queues it.
            return;
        }

        var (status, detail) = result.Outcome switch
        {
            BuildOutcome.Succeeded => (BuildStatus.Succeeded, (string?)null),
            BuildOutcome.Canceled => (BuildStatus.Canceled, running.TakeCancelReason(claimed.Id) ?? result.FailureReason),
            _ => (BuildStatus.Failed, result.FailureReason),
        };
        await FinishAsync(claimed, status, detail, result);
        running.TakeCancelReason(claimed.Id); // a cancel that came as the build finished on its own
        if (status == BuildStatus.Succeeded && options.Value.DeployAfterBuild && result.ArtifactDirectory is { } artifact)
        {
            await DeployAsync(claimed, artifact, result.StartCommand, stoppingToken);
        }

        var (state, words) = status switch
        {
            BuildStatus.Succeeded => (CommitState.Success, "succeeded"),
            BuildStatus.Canceled => (CommitState.Error, "was canceled"),
            _ => (CommitState.Failure, "failed"),
        };
        _ = pendingStatus.ContinueWith(
            _ => commitStatus.ReportAsync(claimed.ComponentId, claimed.Id, result.CommitSha, state, $"Build #{claimed.Number} {words}"),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    /// <summary>The successful build goes live (zero-downtime swap); the build row says how that went.</summary>
    private async Task DeployAsync(ClaimedBuild claimed, string artifact, string? startCommand, CancellationToken stoppingToken)
    {
        string outcome;
        try
        {
            var release = await releases.DeployAsync(claimed.ComponentId, claimed.Id, artifact, startCommand, stoppingToken);
            outcome = release.Succeeded ? $"deployed as release #{release.ReleaseId}" : $"built, but the deploy failed: {release.Detail}";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome = "built; the deploy was cut off by a console stop (start-up reconciles releases)";
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var build = await db.Builds.FirstAsync(b => b.Id == claimed.Id, CancellationToken.None);
        build.RecordDeployOutcome(outcome);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task<PipelineBuildRequest?> RequestForAsync(ClaimedBuild claimed, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var build = await db.Builds.AsNoTracking().FirstAsync(b => b.Id == claimed.Id, cancellationToken);
        var component = await db.Components.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimed.ComponentId, cancellationToken);
        if (component is null)
        {
            return null;
        }

        var (credentials, credentialsNote) = await credentialSource.ForAsync(component, cancellationToken);
        var redact = new List<string>();
        if (secrets.TryUnprotect(component.WebhookSecretProtected, out var webhookSecret) && webhookSecret.Length > 0)
        {
            redact.Add(webhookSecret);
        }

        return new PipelineBuildRequest(component.Id.ToString("N"), BuildKey(build.Id), component.GitUrl)
        {
            Title = $"Build #{build.Number} of {component.Name}",
            CommitSha = build.CommitSha,
            Ref = build.Ref,
            Credentials = credentials,
            Notes = [credentialsNote],
            Language = ComponentLanguages.Chosen(component),
            Secrets = redact,
            Timeout = options.Value.Timeout,
            // Retention never deletes what a release runs from or could roll back to.
            ArtifactsInUse = (await releases.BuildsInUseAsync(component.Id, cancellationToken)).Select(BuildKey).ToList(),
        };
    }

    private async Task FinishAsync(ClaimedBuild claimed, BuildStatus status, string? detail, BuildResult? result)
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
            await ComponentLanguages.RecordBuildDetectionAsync(db, claimed.ComponentId, result, CancellationToken.None);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        LogFinished(logger, claimed.Id, claimed.Number, status);
    }

    /// <summary>Builds left Running by the previous process become Interrupted; each is queued again once (configurable).</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
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
                var number = await db.Builds.Where(b => b.Id == recorded.BuildId).Select(b => b.Number).FirstOrDefaultAsync(cancellationToken);
                build.AddFollowUp($"Re-queued as build #{number}.");
            }
            else if (wasRequeue)
            {
                build.AddFollowUp("Not re-queued again: it was itself a re-queued build.");
            }

            using (var log = logs.OpenWriter(BuildKey(build.Id)))
            {
                log.Write(build.StatusDetail ?? "Interrupted.");
            }

            LogInterrupted(logger, build.Id, build.Number);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public override void Dispose()
    {
        base.Dispose();
        wake.Dispose();
    }

    /// <summary>The key that names a build's log file and working directory.</summary>
    public static string BuildKey(long buildId) => buildId.ToString(CultureInfo.InvariantCulture);


    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} build workers started")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Build {BuildId} (#{Number}) finished: {Status}")]
    private static partial void LogFinished(ILogger logger, long buildId, int number, BuildStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build {BuildId} (#{Number}) was interrupted by a console stop")]
    private static partial void LogInterrupted(ILogger logger, long buildId, int number);

    [LoggerMessage(Level = LogLevel.Error, Message = "A build worker failed; it retries after the poll interval")]
    private static partial void LogWorkerError(ILogger logger, Exception exception);
}
