using BlazorConsole.Data.Writes;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Events;
using BlazorConsole.Git.Providers;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// Runs one claimed build from start to end: announces it, runs it with <see cref="BuildRunner"/> (cancelable through
/// <see cref="RunningBuilds"/>), records the outcome, deploys a success and reports the commit status on the way.
/// </summary>
public sealed class BuildExecution(
    RunningBuilds running,
    BuildRequestFactory requests,
    BuildRunner runner,
    BuildFinisher finisher,
    BuildCommitStatus commitStatus,
    IConsoleEventStream events,
    IOptions<BuildsOptions> options)
{
    public async Task RunAsync(ClaimedBuild claimed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        // The claim is the store's SQL, not an entity transition: it is announced here.
        events.Publish(new BuildStarted(claimed.ComponentId, claimed.Id, claimed.Number));
        using var cancel = running.Register(claimed.Id, stoppingToken);
        BuildResult result;
        var pendingStatus = Task.CompletedTask;
        try
        {
            var request = await requests.ForAsync(claimed, stoppingToken);
            if (request is null)
            {
                await finisher.FinishAsync(claimed, BuildStatus.Failed, "The component no longer exists.", null, stoppingToken);
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
        await finisher.FinishAsync(claimed, status, detail, result, stoppingToken);
        running.TakeCancelReason(claimed.Id); // a cancel that came as the build finished on its own
        if (status == BuildStatus.Succeeded && options.Value.DeployAfterBuild && result.Artifact is { } artifact)
        {
            await finisher.DeployAsync(claimed, artifact, result.StartCommand, stoppingToken);
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
}
