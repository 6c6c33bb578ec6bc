using System.Collections.Concurrent;
using System.Globalization;
using BlazorConsole.Data;
using BlazorConsole.Domain.Events;
using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Owns the releases: deploy with zero-downtime swap (<see cref="IDeployer"/>), rollback, start, stop, restart, the
/// start-up reconcile and the status the API and pages show. The database holds the desired state (the current release
/// per component and whether it should run); the runtime engines and the router hold what actually runs. Each release
/// is run, watched and stopped by the engine whose name it stores (<see cref="Release.Runtime"/>), so releases of one
/// console may run on several engines at once (a directory as a process, an image as a container).
/// </summary>
public sealed partial class ReleaseManager(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    RuntimeEngines engines,
    AppRouter router,
    HealthChecker health,
    RuntimeLog runtimeLog,
    ComponentVariableStore variables,
    ArtifactStore artifacts,
    IOptions<RuntimeOptions> options,
    TimeProvider time,
    IConsoleEventStream events,
    ILogger<ReleaseManager> logger) : IDeployer
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> locks = new();

    public Task<ReleaseResult> DeployAsync(Guid componentId, long buildId, ReleaseArtifact artifact, string? startCommand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentException.ThrowIfNullOrEmpty(artifact.Location);
        artifact = artifact.Kind == ReleaseArtifactKind.Directory ? ReleaseArtifact.InDirectory(Path.GetFullPath(artifact.Location)) : artifact;
        return LockedAsync(componentId, () => SwapAsync(componentId, buildId, artifact, startCommand, cancellationToken), cancellationToken);
    }

    /// <summary>Deploys a kept artifact of an earlier build again (as a new release, with the same zero-downtime swap).</summary>
    public Task<ReleaseResult> RollbackAsync(Guid componentId, long buildId, CancellationToken cancellationToken) =>
        LockedAsync(componentId, async () =>
        {
            var target = (await RollbackTargetsAsync(componentId, cancellationToken)).FirstOrDefault(t => t.BuildId == buildId);
            return target is null
                ? ReleaseResult.NotFound($"Build {buildId} has no kept artifact to roll back to.")
                : await SwapAsync(componentId, buildId, target.Artifact, target.StartCommand, cancellationToken);
        }, cancellationToken);

    /// <summary>Restart without downtime: the current release's artifact is started anew and swapped in.</summary>
    public Task<ReleaseResult> RestartAsync(Guid componentId, CancellationToken cancellationToken) =>
        LockedAsync(componentId, async () =>
        {
            var current = await CurrentAsync(componentId, cancellationToken);
            if (current is null)
            {
                return ReleaseResult.NotFound("Nothing is deployed.");
            }

            return current.DesiredRunning
                ? await SwapAsync(componentId, current.BuildId, ArtifactOf(current), current.StartCommand, cancellationToken)
                : await StartCurrentAsync(componentId, cancellationToken);
        }, cancellationToken);

    public Task<ReleaseResult> StartAsync(Guid componentId, CancellationToken cancellationToken) =>
        LockedAsync(componentId, () => StartCurrentAsync(componentId, cancellationToken), cancellationToken);

    public Task<ReleaseResult> StopAsync(Guid componentId, CancellationToken cancellationToken) =>
        LockedAsync(componentId, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await db.Releases.FirstOrDefaultAsync(r => r.ComponentId == componentId && r.IsCurrent, cancellationToken);
            if (current is null)
            {
                return ReleaseResult.NotFound("Nothing is deployed.");
            }

            router.Unroute(componentId);
            await StopReleaseAsync(current, StopGrace, cancellationToken);
            current.Stop(time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            Log(componentId, current.Id, "Stopped by request.");
            return new ReleaseResult(current.Id, current.Status, "Stopped.", null);
        }, cancellationToken);

    /// <summary>Start-up: stops leftovers of a previous console process (on every engine), then starts every release that should run.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        List<long> desired;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            desired = await db.Releases.Where(r => r.IsCurrent && r.DesiredRunning).Select(r => r.Id).ToListAsync(cancellationToken);
        }

        // Engines whose instances outlive the console (containers) keep the desired ones, for the start below to adopt.
        foreach (var engine in engines.All)
        {
            try
            {
                await engine.CleanUpLeftoversAsync(desired, cancellationToken);
            }
#pragma warning disable CA1031 // An engine that fails its clean-up (Docker not answering) must not keep the others' releases down.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogCleanUpFailed(logger, engine.Name, e);
            }
        }

        List<Guid> toStart;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // A deploy cut off by the console stopping is clearly marked, never "Starting" forever. With several replicas
            // a deploy may be running on another replica right now: only one older than any deploy can take (the
            // health check's timeout, the drain, a minute's margin) was left behind.
            var startedBefore = engines.SeveralReplicas
                ? time.GetUtcNow() - TimeSpan.FromSeconds(options.Value.HealthCheckTimeoutSeconds + options.Value.DrainSeconds + 60)
                : DateTimeOffset.MaxValue;
            var interrupted = (await db.Releases.Where(r => r.Status == ReleaseStatus.Starting && !r.IsCurrent).ToListAsync(cancellationToken))
                .Where(r => r.CreatedAt < startedBefore)
                .ToList();
            foreach (var release in interrupted)
            {
                release.Fail("Interrupted: the console stopped during the deploy.", release.HealthLog, time.GetUtcNow());
            }

            await db.SaveChangesAsync(cancellationToken);
            toStart = await db.Releases.Where(r => r.IsCurrent && r.DesiredRunning).Select(r => r.ComponentId).ToListAsync(cancellationToken);
        }

        await Parallel.ForEachAsync(toStart, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (componentId, ct) =>
        {
            var result = await StartAsync(componentId, ct);
            LogReconciled(logger, componentId, result.Status);
        });
    }

    public async Task<ReleaseStatusView> GetStatusAsync(Guid componentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = await db.Releases.AsNoTracking().Where(r => r.ComponentId == componentId).OrderByDescending(r => r.Id).Take(20).ToListAsync(cancellationToken);
        var current = recent.FirstOrDefault(r => r.IsCurrent)
            ?? await db.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.ComponentId == componentId && r.IsCurrent, cancellationToken);
        var latest = recent.FirstOrDefault();
        var shown = current ?? latest;
        if (shown is null)
        {
            return new ReleaseStatusView(ReleaseStatus.Stopped, null, null, null, null, null, null, 0, null, null, null, null, []);
        }

        var live = await StateOfAsync(shown, cancellationToken);
        var status = shown.Status;
        if (current is not null && current.DesiredRunning && current.Status == ReleaseStatus.Running && live is { Phase: RuntimeInstancePhase.Restarting or RuntimeInstancePhase.CrashLoop })
        {
            status = ReleaseStatus.Starting;
        }

        var route = router.Find(componentId);
        var history = recent.Select(r => new ReleaseSummary(r.Id, r.BuildId, r.Status, r.IsCurrent, r.CreatedAt, r.StatusDetail)).ToList();
        return new ReleaseStatusView(
            status,
            route is null ? null : route.Host,
            shown.BuildId,
            shown.Id,
            live?.Phase.ToString() ?? (status == ReleaseStatus.Running ? "Running" : "Stopped"),
            live?.Instance,
            live?.HostProcessId,
            live?.Restarts ?? 0,
            live?.LastExit,
            shown.StatusDetail,
            latest is not null && latest.Id != shown.Id ? new ReleaseSummary(latest.Id, latest.BuildId, latest.Status, latest.IsCurrent, latest.CreatedAt, latest.StatusDetail) : null,
            latest?.HealthLog,
            history);
    }

    /// <summary>
    /// Builds whose artifacts a release runs from (the current one, and any still draining): pass them as
    /// <c>inUse</c> to <see cref="ArtifactStore.Commit"/> and <see cref="ArtifactStore.Prune"/> so retention never deletes them.
    /// </summary>
    public async Task<IReadOnlyList<long>> BuildsInUseAsync(Guid componentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Releases.AsNoTracking()
            .Where(r => r.ComponentId == componentId && (r.IsCurrent || r.Status == ReleaseStatus.Running || r.Status == ReleaseStatus.Starting))
            .Select(r => r.BuildId)
            .Distinct()
            .ToListAsync(cancellationToken);
    }

    /// <summary>Builds whose artifact the runtime still has and that ran healthily once (or that the build left for deploy).</summary>
    public async Task<IReadOnlyList<RollbackTarget>> RollbackTargetsAsync(Guid componentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deployed = await db.Releases.AsNoTracking()
            .Where(r => r.ComponentId == componentId && r.Status != ReleaseStatus.Failed && r.Status != ReleaseStatus.Starting)
            .OrderByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
        var targets = new List<RollbackTarget>();
        foreach (var release in deployed)
        {
            var artifact = ArtifactOf(release);
            if (targets.All(t => t.BuildId != release.BuildId) && await IsAvailableAsync(engines.Find(release.Runtime), artifact, cancellationToken))
            {
                targets.Add(new RollbackTarget(release.BuildId, artifact, release.StartCommand, release.CreatedAt));
            }
        }

        // Artifacts the build left that never ran yet (the worker names the component by id).
        foreach (var key in new[] { componentId.ToString(), componentId.ToString("N") })
        {
            foreach (var manifest in artifacts.List(key))
            {
                var artifact = manifest.Artifact;
                if (long.TryParse(manifest.BuildKey, CultureInfo.InvariantCulture, out var buildId) && targets.All(t => t.BuildId != buildId)
                    && await IsAvailableAsync(engines.ChooseFor(artifact.Kind, null), artifact, cancellationToken))
                {
                    targets.Add(new RollbackTarget(buildId, artifact, manifest.StartCommand, manifest.CreatedAt));
                }
            }
        }

        return targets.OrderByDescending(t => t.BuildId).ToList();
    }

    private const int LastOutputLines = 20;

    private TimeSpan StopGrace => TimeSpan.FromSeconds(options.Value.StopGraceSeconds);

    private static ReleaseArtifact ArtifactOf(Release release) => new(release.ArtifactKind, release.ArtifactLocation);

    /// <summary>An engine that is not there (unconfigured, or it does not answer) has nothing available.</summary>
    private static async ValueTask<bool> IsAvailableAsync(IRuntime? engine, ReleaseArtifact artifact, CancellationToken cancellationToken) =>
        engine is not null && engine.CanRun(artifact.Kind) && await engine.UnavailableReasonAsync(cancellationToken) is null
        && await engine.IsAvailableAsync(artifact, cancellationToken);

    /// <summary>What the release's own engine says of it; null when that engine runs nothing under its id (or is gone).</summary>
    private ValueTask<RuntimeInstanceState?> StateOfAsync(Release release, CancellationToken cancellationToken) =>
        engines.Find(release.Runtime) is { } engine ? engine.GetStateAsync(release.Id, cancellationToken) : ValueTask.FromResult<RuntimeInstanceState?>(null);

    private Task StopReleaseAsync(Release release, TimeSpan grace, CancellationToken cancellationToken) =>
        engines.Find(release.Runtime) is { } engine ? engine.StopAsync(release.Id, grace, cancellationToken) : Task.CompletedTask;

    private async Task<ReleaseResult> LockedAsync(Guid componentId, Func<Task<ReleaseResult>> action, CancellationToken cancellationToken)
    {
        var gate = locks.GetOrAdd(componentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await action();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Release?> CurrentAsync(Guid componentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.ComponentId == componentId && r.IsCurrent, cancellationToken);
    }

    private async Task<ReleaseResult> SwapAsync(Guid componentId, long buildId, ReleaseArtifact artifact, string? startCommand, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await HostLabelAsync(db, componentId, cancellationToken);
        if (name is null)
        {
            return ReleaseResult.NotFound($"Component {componentId} does not exist.");
        }

        var componentRuntime = await db.Components.Where(c => c.Id == componentId).Select(c => c.Runtime).FirstOrDefaultAsync(cancellationToken);
        if (engines.ChooseFor(artifact.Kind, componentRuntime) is not { } engine)
        {
            return ReleaseResult.NotFound(engines.SeveralReplicas && artifact.Kind == ReleaseArtifactKind.Directory
                ? "With several replicas releases run on Docker only, and this build left a directory: give the repository a Dockerfile, "
                    + "or set Docker:RunImage:<Language> so that its language is packaged onto an image (a process would run on one replica, "
                    + "which no other replica can route to, restart or stop)."
                : $"No runtime of this console runs the {artifact} (known: {string.Join(", ", engines.Names)}).");
        }

        var release = Release.Create(componentId, buildId, artifact.Kind, artifact.Location, startCommand, engine.Name, time.GetUtcNow());
        db.Releases.Add(release);
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(new ReleaseStarted(componentId, release.Id, buildId)); // the id exists only now
        // People know builds by their number per component (#3), not by the row id.
        var number = await db.Builds.Where(b => b.Id == buildId).Select(b => (int?)b.Number).FirstOrDefaultAsync(cancellationToken);
        Log(componentId, release.Id, $"Deploying build {(number is { } n ? $"#{n}" : $"id {buildId}")} ({release.StartCommand ?? "static site"}).");

        var healthy = await LaunchHealthyAsync(release, cancellationToken);
        if (healthy is not var (endpoint, healthLog))
        {
            await db.SaveChangesAsync(CancellationToken.None);
            LogDeployFailed(logger, componentId, release.Id, buildId);
            return new ReleaseResult(release.Id, release.Status, release.StatusDetail, release.HealthLog);
        }

        // The switch: one configuration swap; requests in flight finish on the old release, new ones reach the new one.
        var previous = await db.Releases.Where(r => r.ComponentId == componentId && r.IsCurrent).ToListAsync(cancellationToken);
        router.Route(componentId, name, release.Id, endpoint.Address);
        foreach (var old in previous)
        {
            old.Retire();
        }

        release.Promote(endpoint.Address.Port, healthLog, time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        // The scheme and port are the console's own (known to the host, not here): name the host only.
        Log(componentId, release.Id, $"Serving {router.HostFor(name)} on the console's address (route switched).");

        var running = new List<Release>();
        foreach (var old in previous)
        {
            if (await StateOfAsync(old, CancellationToken.None) is not null)
            {
                running.Add(old);
            }
        }

        if (running.Count > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Value.DrainSeconds), time, CancellationToken.None);
            foreach (var old in running)
            {
                await StopReleaseAsync(old, StopGrace, CancellationToken.None);
                Log(componentId, old.Id, "Drained and stopped (superseded).");
            }
        }

        foreach (var old in previous)
        {
            old.Supersede(time.GetUtcNow());
        }

        await db.SaveChangesAsync(CancellationToken.None);
        LogDeployed(logger, componentId, release.Id, buildId, endpoint.Address);
        return new ReleaseResult(release.Id, release.Status, release.StatusDetail, release.HealthLog);
    }

    /// <summary>The component's host label under the apps domain (see <see cref="AppRouter.HostLabel"/>); null when it is gone.</summary>
    internal static async Task<string?> HostLabelAsync(ConsoleDbContext db, Guid componentId, CancellationToken cancellationToken)
    {
        var row = await (from c in db.Components
                         join t in db.Teams on c.TeamId equals t.Id
                         where c.Id == componentId
                         select new { c.Name, Team = t.Slug }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : AppRouter.HostLabel(row.Name, row.Team);
    }

    /// <summary>Starts the current release again (after Stop, or at start-up) at a fresh address, then routes to it.</summary>
    private async Task<ReleaseResult> StartCurrentAsync(Guid componentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Releases.FirstOrDefaultAsync(r => r.ComponentId == componentId && r.IsCurrent, cancellationToken);
        var name = await HostLabelAsync(db, componentId, cancellationToken);
        if (current is null || name is null)
        {
            return ReleaseResult.NotFound("Nothing is deployed.");
        }

        if (await StateOfAsync(current, cancellationToken) is not null && router.Find(componentId)?.ReleaseId == current.Id)
        {
            return new ReleaseResult(current.Id, current.Status, "Already running.", current.HealthLog);
        }

        current.Restart();
        await db.SaveChangesAsync(cancellationToken);
        if (await LaunchHealthyAsync(current, cancellationToken) is var (endpoint, healthLog))
        {
            router.Route(componentId, name, current.Id, endpoint.Address);
            current.Promote(endpoint.Address.Port, healthLog, time.GetUtcNow());
            Log(componentId, current.Id, $"Serving {router.HostFor(name)} on the console's address.");
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return new ReleaseResult(current.Id, current.Status, current.StatusDetail, current.HealthLog);
    }

    /// <summary>
    /// Starts the release and waits for its health check: its endpoint and health log when healthy (the caller routes
    /// and promotes it); on failure it is stopped and marked Failed (not saved here) and the answer is null.
    /// </summary>
    private async Task<(RuntimeEndpoint Endpoint, string HealthLog)?> LaunchHealthyAsync(Release release, CancellationToken cancellationToken)
    {
        var componentId = release.ComponentId;
        var redactor = SecretRedactor.UrlCredentialsOnly;

        // An app that prints its secrets must not put them into the runtime log (people with Viewer rights read it).
        void Write(string line) => Log(componentId, release.Id, redactor.Redact(line));

        // The app's own last lines say why it died or never answered (a missing file, a wrong port): a failed release
        // keeps them in its health log, so its detail page explains itself without the runtime log.
        var lastOutput = new ConcurrentQueue<string>();
        void WriteOutput(string line)
        {
            Write(line);
            lastOutput.Enqueue(redactor.Redact(line));
            while (lastOutput.Count > LastOutputLines && lastOutput.TryDequeue(out _))
            {
            }
        }
        var settings = options.Value;
        var runtime = engines.Find(release.Runtime);
        if (runtime is null)
        {
            return Fail(release, $"This release runs on the runtime '{release.Runtime}', which this console does not have (known: {string.Join(", ", engines.Names)}); {Fallback(release)}.", null);
        }

        try
        {
            if (await runtime.UnavailableReasonAsync(cancellationToken) is { } unavailable)
            {
                return Fail(release, $"{unavailable}; {Fallback(release)}.", null);
            }

            var artifact = ArtifactOf(release);
            if (!await runtime.IsAvailableAsync(artifact, cancellationToken))
            {
                return Fail(release, $"The artifact {artifact} does not exist (deleted by retention?).", null);
            }

            var (values, secretValues, unreadable) = await variables.ResolveAsync(componentId, cancellationToken);
            redactor = new SecretRedactor(secretValues);
            foreach (var missing in unreadable)
            {
                Write($"Secret variable {missing} cannot be decrypted (key ring changed?); started without it.");
            }

            var endpoint = await runtime.StartAsync(new ReleaseLaunch(release.Id, componentId, artifact, release.StartCommand, values, WriteOutput), cancellationToken);
            var result = await health.WaitHealthyAsync(
                endpoint,
                settings.HealthCheckPath,
                TimeSpan.FromSeconds(settings.HealthCheckTimeoutSeconds),
                async ct => await runtime.GetStateAsync(release.Id, ct) is { Phase: not RuntimeInstancePhase.Running } state ? state.LastExit ?? "exited" : null,
                cancellationToken);
            foreach (var line in result.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Write(line.TrimEnd('\r'));
            }

            if (!result.Healthy)
            {
                await runtime.StopAsync(release.Id, TimeSpan.FromSeconds(Math.Min(1, settings.StopGraceSeconds)), CancellationToken.None);
                return Fail(release, $"The health check failed; {Fallback(release)}.", LastOutput(lastOutput, result.Log));
            }

            return (endpoint, result.Log);
        }
        catch (OperationCanceledException)
        {
            await runtime.StopAsync(release.Id, TimeSpan.Zero, CancellationToken.None);
            Fail(release, "Canceled.", null);
            throw;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            await runtime.StopAsync(release.Id, TimeSpan.Zero, CancellationToken.None);
            return Fail(release, "Could not start: " + ex.Message, LastOutput(lastOutput, null));
        }
    }

    private static string? LastOutput(IEnumerable<string> lastOutput, string? healthLog)
    {
        var lines = lastOutput.ToList();
        return lines.Count == 0
            ? healthLog
            : healthLog + $"Last output of the release:{Environment.NewLine}" + string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    /// <summary>Said as it is: with no release routed yet (a first deploy, or a stopped component) nothing serves.</summary>
    private string Fallback(Release release) =>
        router.Find(release.ComponentId) is { } serving && serving.ReleaseId != release.Id
            ? "the previous release keeps serving"
            : "nothing is serving yet";

    private (RuntimeEndpoint Endpoint, string HealthLog)? Fail(Release release, string detail, string? healthLog)
    {
        release.Fail(detail, healthLog, time.GetUtcNow());
        Log(release.ComponentId, release.Id, detail);
        return null;
    }

    private void Log(Guid componentId, long releaseId, string line) => runtimeLog.Write(componentId, releaseId, line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentId}: release {ReleaseId} (build {BuildId}) serves at {Address}.")]
    private static partial void LogDeployed(ILogger logger, Guid componentId, long releaseId, long buildId, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentId}: release {ReleaseId} (build {BuildId}) failed; the previous release keeps serving.")]
    private static partial void LogDeployFailed(ILogger logger, Guid componentId, long releaseId, long buildId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up: the {Engine} engine could not clean up what the previous run left; its releases start anyway.")]
    private static partial void LogCleanUpFailed(ILogger logger, string engine, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up reconcile: component {ComponentId} → {Status}.")]
    private static partial void LogReconciled(ILogger logger, Guid componentId, ReleaseStatus status);
}

public sealed record RollbackTarget(long BuildId, ReleaseArtifact Artifact, string? StartCommand, DateTimeOffset CreatedAt);

public sealed record ReleaseSummary(long ReleaseId, long BuildId, ReleaseStatus Status, bool Current, DateTimeOffset CreatedAt, string? Detail);

/// <summary>What the API and the Runtime tab show about a component's release.</summary>
public sealed record ReleaseStatusView(
    ReleaseStatus Status,
    string? Host,
    long? BuildId,
    long? ReleaseId,
    string? State,
    string? Instance,
    int? HostProcessId,
    int Restarts,
    string? LastExit,
    string? Detail,
    ReleaseSummary? LatestAttempt,
    string? HealthLog,
    IReadOnlyList<ReleaseSummary> History);
