using BlazorConsole.Application;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using BlazorConsole.Application.Builds;

namespace BlazorConsole.Web.Features.Builds;

internal static class BuildEndpoints
{
    public static RouteGroupBuilder MapBuildEndpoints(this RouteGroupBuilder api)
    {
        var builds = api.MapGroup("").WithTags("Builds");

        builds.MapGet("/components/{id:guid}/builds", ListBuildsAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithSummary("The component's builds, newest first.");

        builds.MapGet("/builds/{id:long}", GetBuildAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Build));

        builds.MapPost("/components/{id:guid}/builds", TriggerBuildAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Builds the given ref (or the tracked branch) now; awaits approval when the component requires it.");

        MapBuildAction(builds, "cancel", ConsolePolicies.TeamDeveloper, CancelBuildAsync,
            "Cancels a queued, awaiting or running build (a running build's process tree is killed).");
        MapBuildAction(builds, "approve", ConsolePolicies.TeamAdmin, ApproveBuildAsync,
            "Queues a build that awaits approval (team admins; audited).");
        MapBuildAction(builds, "reject", ConsolePolicies.TeamAdmin, RejectBuildAsync,
            "Cancels a build that awaits approval (team admins; audited).");

        builds.MapBuildLogEndpoints().MapComponentLanguageEndpoints();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<BuildView>>> ListBuildsAsync(Guid id, BuildQueries builds, CancellationToken ct) =>
        TypedResults.Ok(await builds.ListAsync(id, 100, ct));

    private static async Task<Results<Ok<BuildView>, NotFound>> GetBuildAsync(long id, BuildQueries builds, CancellationToken ct) =>
        await builds.FindAsync(id, ct) is { } build ? TypedResults.Ok(build) : TypedResults.NotFound();

    private static async Task<Results<Accepted<ManualBuildResponse>, NotFound, ProblemHttpResult>> TriggerBuildAsync(
        Guid id, ManualBuildRequest? request, BuildActions actions, HttpContext http, CancellationToken ct)
    {
        var (result, buildId) = await actions.RequestAsync(id, request?.Ref, http.User.RequiredUserId(), http.ActorName(), ct);
        if (!result.Succeeded)
        {
            return result.NotFound ? TypedResults.NotFound() : Conflict(result);
        }

        return TypedResults.Accepted($"/api/v1/builds/{buildId}", new ManualBuildResponse(buildId!.Value));
    }

    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> CancelBuildAsync(long id, BuildActions actions, HttpContext http, CancellationToken ct) =>
        Answer(await actions.CancelAsync(id, http.User.RequiredUserId(), http.ActorName(), ct), id);

    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> ApproveBuildAsync(long id, BuildActions actions, HttpContext http, CancellationToken ct) =>
        Answer(await actions.ApproveAsync(id, http.User.RequiredUserId(), http.ActorName(), ct), id);

    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> RejectBuildAsync(long id, BuildActions actions, HttpContext http, CancellationToken ct) =>
        Answer(await actions.RejectAsync(id, http.User.RequiredUserId(), http.ActorName(), ct), id);

    private static void MapBuildAction(
        RouteGroupBuilder builds, string verb, string policy, Func<long, BuildActions, HttpContext, CancellationToken, Task<Results<Accepted, NotFound, ProblemHttpResult>>> handler, string summary) =>
        builds.MapPost($"/builds/{{id:long}}/{verb}", handler)
            .RequireAuthorization(policy)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Build))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(summary);

    /// <summary>A missing build is a bare 404; a build in the wrong state for the action is a 409 problem.</summary>
    private static Results<Accepted, NotFound, ProblemHttpResult> Answer(BlazorConsole.Application.ChangeResult result, long id) =>
        result.Succeeded ? TypedResults.Accepted($"/api/v1/builds/{id}")
        : result.NotFound ? TypedResults.NotFound()
        : Conflict(result);

    private static ProblemHttpResult Conflict(BlazorConsole.Application.ChangeResult result) => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status409Conflict);
}

public sealed record ManualBuildRequest(string? Ref);

public sealed record ManualBuildResponse(long BuildId);
