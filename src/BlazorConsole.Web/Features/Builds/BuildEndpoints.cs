using BlazorConsole.Web.Auth;

namespace BlazorConsole.Web.Features.Builds;

internal static class BuildEndpoints
{
    public static RouteGroupBuilder MapBuildEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/components/{id:guid}/builds", async (Guid id, BuildQueries builds, CancellationToken ct) => TypedResults.Ok(await builds.ListAsync(id, 100, ct)))
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Builds")
            .WithSummary("The component's builds, newest first.");

        api.MapGet("/builds/{id:long}", async Task<IResult> (long id, BuildQueries builds, CancellationToken ct) =>
                await builds.FindAsync(id, ct) is { } build ? TypedResults.Ok(build) : TypedResults.NotFound())
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Build))
            .WithTags("Builds");
        return api;
    }
}
