namespace BlazorConsole.Application.Components;

/// <summary>
/// Queues a component's first build. Components own this port and Builds implement it, so creating a component with
/// <see cref="CreateComponentRequest.BuildNow"/> needs nothing from the features above (builds depend on components).
/// </summary>
internal interface IFirstBuildRequester
{
    /// <summary>Queues (or, where approval is required, parks) a build of the component's branch; says why not otherwise.</summary>
    Task<(ChangeResult Result, long? BuildId)> RequestFirstBuildAsync(Guid componentId, string userId, string actorName, CancellationToken cancellationToken);
}

/// <summary>
/// Creating a component and, when asked (<see cref="CreateComponentRequest.BuildNow"/>), queueing its first build: one
/// use case for the wizard and the API.
/// </summary>
internal sealed class ComponentOnboarding(ComponentService components, IFirstBuildRequester firstBuild)
{
    public async Task<(ChangeResult Result, ComponentView? Component)> CreateAsync(
        string teamSlug, CreateComponentRequest request, string baseUrl, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (result, component) = await components.CreateAsync(teamSlug, request, baseUrl, actorUserId, actorName, cancellationToken);
        if (!result.Succeeded || component is null || request.BuildNow != true)
        {
            return (result, component);
        }

        // The component stays created whatever happens here; a build that could not be queued says why beside it.
        var (buildResult, buildId) = await firstBuild.RequestFirstBuildAsync(component.Id, actorUserId, actorName, cancellationToken);
        return (result, buildResult.Succeeded
            ? component with { FirstBuildId = buildId }
            : component with { FirstBuildProblem = buildResult.Error });
    }
}
