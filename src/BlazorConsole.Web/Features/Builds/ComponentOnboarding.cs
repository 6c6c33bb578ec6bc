using BlazorConsole.Web.Features.Components;

namespace BlazorConsole.Web.Features.Builds;

/// <summary>
/// Creating a component and, when asked (<see cref="CreateComponentRequest.BuildNow"/>), queueing its first build: one
/// use case for the wizard and the API. It lives with builds because builds already depend on components, never the
/// other way round.
/// </summary>
internal sealed class ComponentOnboarding(ComponentService components, BuildActions builds)
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
        var (buildResult, buildId) = await builds.RequestAsync(component.Id, null, actorUserId, actorName, cancellationToken);
        return (result, buildResult.Succeeded
            ? component with { FirstBuildId = buildId }
            : component with { FirstBuildProblem = buildResult.Error });
    }
}
