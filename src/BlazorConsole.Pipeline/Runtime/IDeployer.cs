using BlazorConsole.Domain.Releases;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// The deploy step (implemented by <see cref="ReleaseManager"/>, which the build worker calls after a successful build): starts the artifact as a new release (the runtime
/// picks its address), health-checks it, switches the component's route to it, drains and stops the previous release.
/// A release that fails its health check is marked Failed (with the health log) and the previous one keeps serving.
/// Deploys of one component run one at a time; different components deploy in parallel.
/// </summary>
public interface IDeployer
{
    /// <param name="componentId">The component (its name is the host label: <c>{name}.{AppsDomain}</c>).</param>
    /// <param name="buildId">The build whose artifact this is (kept on the release: rollback target, UI).</param>
    /// <param name="artifact">What the build produced (<c>BuildResult.Artifact</c>): a directory the release runs in, or an image.</param>
    /// <param name="startCommand"><c>BuildResult.StartCommand</c> (Procfile <c>web:</c> or buildpack default); null/empty = static site (or the image's own command).</param>
    Task<ReleaseResult> DeployAsync(Guid componentId, long buildId, ReleaseArtifact artifact, string? startCommand, CancellationToken cancellationToken);
}

/// <summary>Outcome of a deploy (or start, restart, rollback): the release and whether it now serves.</summary>
public sealed record ReleaseResult(long ReleaseId, ReleaseStatus Status, string? Detail, string? HealthLog)
{
    public bool Succeeded => Status == ReleaseStatus.Running;

    public static ReleaseResult NotFound(string detail) => new(0, ReleaseStatus.Failed, detail, null);
}
