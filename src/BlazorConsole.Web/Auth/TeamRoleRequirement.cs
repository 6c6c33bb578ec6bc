using System.Security.Claims;
using BlazorConsole.Data;
using BlazorConsole.Domain.Teams;
using Microsoft.AspNetCore.Authorization;

using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Web.Auth;

/// <summary>The signed-in user holds at least <see cref="MinimumRole"/> in the team named by the <c>{team}</c> route value.</summary>
public sealed record TeamRoleRequirement(TeamRole MinimumRole) : IAuthorizationRequirement;

/// <summary>
/// Resolves the team from the resource the framework passes: an <see cref="HttpContext"/> for endpoints
/// and server-rendered pages, <see cref="RouteData"/> for interactive navigation, or a slug string.
/// </summary>
internal sealed class TeamRoleAuthorizationHandler(IDbContextFactory<ConsoleDbContext> dbFactory)
    : AuthorizationHandler<TeamRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TeamRoleRequirement requirement)
    {
        if (context.User.IsInRole(ConsoleRoles.PlatformAdmin))
        {
            context.Succeed(requirement);
            return;
        }

        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var slug = TeamSlugOf(context.Resource);
        if (userId is null || slug is null)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var role = await db.TeamMembers
            .Where(m => m.UserId == userId && db.Teams.Any(t => t.Id == m.TeamId && t.Slug == slug))
            .Select(m => (TeamRole?)m.Role)
            .FirstOrDefaultAsync();
        if (role >= requirement.MinimumRole)
        {
            context.Succeed(requirement);
        }
    }

    internal static string? TeamSlugOf(object? resource) => resource switch
    {
        HttpContext http => http.GetRouteValue("team") as string,
        Microsoft.AspNetCore.Components.RouteData route => route.RouteValues.TryGetValue("team", out var value) ? value as string : null,
        string slug => slug,
        _ => null,
    };
}
