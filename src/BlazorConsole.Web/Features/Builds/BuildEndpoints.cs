using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;

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

        api.MapPost("/components/{id:guid}/builds", async Task<IResult> (Guid id, ManualBuildRequest? request, BuildActions actions, HttpContext http, CancellationToken ct) =>
            {
                var (result, buildId) = await actions.RequestAsync(id, request?.Ref, http.User.RequiredUserId(), http.ActorName(), ct);
                return result.Succeeded ? TypedResults.Accepted($"/api/v1/builds/{buildId}", new ManualBuildResponse(buildId!.Value)) : Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Builds")
            .WithSummary("Builds the given ref (or the tracked branch) now; awaits approval when the component requires it.");

        MapAction(api, "cancel", ConsolePolicies.TeamDeveloper, (actions, id, http, ct) => actions.CancelAsync(id, http.User.RequiredUserId(), http.ActorName(), ct),
            "Cancels a queued, awaiting or running build (a running build's process tree is killed).");
        MapAction(api, "approve", ConsolePolicies.TeamAdmin, (actions, id, http, ct) => actions.ApproveAsync(id, http.User.RequiredUserId(), http.ActorName(), ct),
            "Queues a build that awaits approval (team admins; audited).");
        MapAction(api, "reject", ConsolePolicies.TeamAdmin, (actions, id, http, ct) => actions.RejectAsync(id, http.User.RequiredUserId(), http.ActorName(), ct),
            "Cancels a build that awaits approval (team admins; audited).");
        return api.MapBuildLogEndpoints().MapComponentLanguageEndpoints();
    }

    private static void MapAction(RouteGroupBuilder api, string verb, string policy, Func<BuildActions, long, HttpContext, CancellationToken, Task<Features.ChangeResult>> action, string summary) =>
        api.MapPost($"/builds/{{id:long}}/{verb}", async Task<IResult> (long id, BuildActions actions, HttpContext http, CancellationToken ct) =>
            {
                var result = await action(actions, id, http, ct);
                return result.Succeeded ? TypedResults.Accepted($"/api/v1/builds/{id}") : Problem(result);
            })
            .RequireAuthorization(policy)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Build))
            .WithTags("Builds")
            .WithSummary(summary);

    private static IResult Problem(Features.ChangeResult result) => result.NotFound
        ? TypedResults.NotFound()
        : TypedResults.Problem(result.Error, statusCode: StatusCodes.Status409Conflict);
}

public sealed record ManualBuildRequest(string? Ref);

public sealed record ManualBuildResponse(long BuildId);
