using BlazorConsole.Domain.Teams;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;

namespace BlazorConsole.Web.Features.Teams;

public sealed record CreateTeamRequest(string Name, string? DisplayName);

public sealed record AddTeamMemberRequest(string Email, TeamRole Role);

public sealed record ChangeTeamMemberRequest(TeamRole Role);

internal static class TeamEndpoints
{
    public static RouteGroupBuilder MapTeamEndpoints(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams");

        teams.MapGet("", async (HttpContext http, TeamService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListVisibleAsync(http.User.RequiredUserId(), http.User.IsPlatformAdmin(), ct)))
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("Teams the caller belongs to (every team for a platform admin).");

        teams.MapPost("", async Task<IResult> (CreateTeamRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
            {
                var (result, team) = await service.CreateAsync(request.Name ?? "", request.DisplayName, http.User.RequiredUserId(), http.ActorName(), ct);
                return result.Succeeded && team is not null
                    ? TypedResults.Created($"{ApiRouteGroup.Prefix}/teams/{team.Name}", team)
                    : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("Creates a team; the caller becomes its admin.");

        teams.MapGet("/{team}", async Task<IResult> (string team, HttpContext http, TeamService service, CancellationToken ct) =>
                await service.FindAsync(team, http.User.RequiredUserId(), ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .RequireAuthorization(ConsolePolicies.TeamViewer);

        teams.MapGet("/{team}/members", async Task<IResult> (string team, TeamService service, CancellationToken ct) =>
                await service.MembersAsync(team, ct) is { } members ? TypedResults.Ok(members) : TypedResults.NotFound())
            .RequireAuthorization(ConsolePolicies.TeamViewer);

        teams.MapPost("/{team}/members", async Task<IResult> (string team, AddTeamMemberRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
            {
                var result = await service.AddMemberAsync(team, request.Email ?? "", request.Role, http.User.RequiredUserId(), http.ActorName(), ct);
                return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.TeamAdmin);

        teams.MapPut("/{team}/members/{userId}", async Task<IResult> (string team, string userId, ChangeTeamMemberRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
            {
                var result = await service.ChangeRoleAsync(team, userId, request.Role, http.User.RequiredUserId(), http.ActorName(), ct);
                return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.TeamAdmin);

        teams.MapDelete("/{team}/members/{userId}", async Task<IResult> (string team, string userId, HttpContext http, TeamService service, CancellationToken ct) =>
            {
                var result = await service.RemoveMemberAsync(team, userId, http.User.RequiredUserId(), http.ActorName(), ct);
                return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.TeamAdmin);

        return api;
    }
}
