using BlazorConsole.Domain.Teams;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using BlazorConsole.Application;
using BlazorConsole.Application.Teams;

namespace BlazorConsole.Web.Features.Teams;

public sealed record CreateTeamRequest(string Name, string? DisplayName);

public sealed record AddTeamMemberRequest(string Email, TeamRole Role);

public sealed record ChangeTeamMemberRequest(TeamRole Role);

internal static class TeamEndpoints
{
    public static RouteGroupBuilder MapTeamEndpoints(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams");

        teams.MapGet("", ListTeamsAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("Teams the caller belongs to (every team for a platform admin).");

        teams.MapPost("", CreateTeamAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ProducesChangeProblems()
            .WithSummary("Creates a team; the caller becomes its admin.");

        teams.MapGet("/{team}", GetTeamAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer);

        teams.MapGet("/{team}/members", ListMembersAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer);

        teams.MapPost("/{team}/members", AddMemberAsync)
            .RequireAuthorization(ConsolePolicies.TeamAdmin)
            .ProducesChangeProblems();

        teams.MapPut("/{team}/members/{userId}", ChangeMemberRoleAsync)
            .RequireAuthorization(ConsolePolicies.TeamAdmin)
            .ProducesChangeProblems();

        teams.MapDelete("/{team}/members/{userId}", RemoveMemberAsync)
            .RequireAuthorization(ConsolePolicies.TeamAdmin)
            .ProducesChangeProblems();

        return api;
    }

    private static async Task<Ok<IReadOnlyList<TeamSummary>>> ListTeamsAsync(HttpContext http, TeamService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListVisibleAsync(http.User.RequiredUserId(), http.User.IsPlatformAdmin(), ct));

    private static async Task<Results<Created<TeamSummary>, ProblemHttpResult>> CreateTeamAsync(CreateTeamRequest request, HttpContext http, TeamService service, CancellationToken ct)
    {
        var (result, team) = await service.CreateAsync(request.Name ?? "", request.DisplayName, http.User.RequiredUserId(), http.ActorName(), ct);
        return result.Succeeded && team is not null
            ? TypedResults.Created($"{ApiRouteGroup.Prefix}/teams/{team.Name}", team)
            : ApiRouteGroup.Problem(result);
    }

    private static async Task<Results<Ok<TeamSummary>, NotFound>> GetTeamAsync(string team, HttpContext http, TeamService service, CancellationToken ct) =>
        await service.FindAsync(team, http.User.RequiredUserId(), ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<TeamMemberView>>, NotFound>> ListMembersAsync(string team, TeamService service, CancellationToken ct) =>
        await service.MembersAsync(team, ct) is { } members ? TypedResults.Ok(members) : TypedResults.NotFound();

    private static async Task<Results<NoContent, ProblemHttpResult>> AddMemberAsync(string team, AddTeamMemberRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
        Answer(await service.AddMemberAsync(team, request.Email ?? "", request.Role, http.User.RequiredUserId(), http.ActorName(), ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeMemberRoleAsync(
        string team, string userId, ChangeTeamMemberRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
        Answer(await service.ChangeRoleAsync(team, userId, request.Role, http.User.RequiredUserId(), http.ActorName(), ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(string team, string userId, HttpContext http, TeamService service, CancellationToken ct) =>
        Answer(await service.RemoveMemberAsync(team, userId, http.User.RequiredUserId(), http.ActorName(), ct));

    private static Results<NoContent, ProblemHttpResult> Answer(ChangeResult result) =>
        result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
}
