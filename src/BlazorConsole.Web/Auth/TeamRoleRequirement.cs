using System.Reflection;
using System.Security.Claims;
using BlazorConsole.Data;
using BlazorConsole.Domain.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using ComponentRouteData = Microsoft.AspNetCore.Components.RouteData;

namespace BlazorConsole.Web.Auth;

/// <summary>The signed-in user holds at least <see cref="MinimumRole"/> in the team that owns the thing being accessed.</summary>
public sealed record TeamRoleRequirement(TeamRole MinimumRole) : IAuthorizationRequirement;

/// <summary>
/// Finds the team from the resource the framework passes: an <see cref="HttpContext"/> for endpoints and
/// server-rendered pages, <see cref="ComponentRouteData"/> for interactive navigation, or a team slug string.
/// The team is named by a <c>{team}</c> route value, or found through a component, delivery or build id
/// (<see cref="TeamScopeAttribute"/>).
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
        if (userId is null)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var teamId = await TeamIdOfAsync(db, context.Resource);
        if (teamId is null)
        {
            return;
        }

        var role = await db.TeamMembers
            .Where(m => m.UserId == userId && m.TeamId == teamId)
            .Select(m => (TeamRole?)m.Role)
            .FirstOrDefaultAsync();
        if (role >= requirement.MinimumRole)
        {
            context.Succeed(requirement);
        }
    }

    private static async Task<Guid?> TeamIdOfAsync(ConsoleDbContext db, object? resource)
    {
        if (TeamSlugOf(resource) is { } slug)
        {
            return await db.Teams.Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync();
        }

        var (scope, id) = ScopedIdOf(resource);
        return (scope, id) switch
        {
            (TeamScopedResource.Component, { } value) when Guid.TryParse(value, out var componentId) =>
                await db.Components.Where(c => c.Id == componentId).Select(c => (Guid?)c.TeamId).FirstOrDefaultAsync(),
            (TeamScopedResource.Delivery, { } value) when long.TryParse(value, out var deliveryId) =>
                await db.WebhookDeliveries.Where(d => d.Id == deliveryId)
                    .Join(db.Components, d => d.ComponentId, c => c.Id, (d, c) => (Guid?)c.TeamId).FirstOrDefaultAsync(),
            (TeamScopedResource.Build, { } value) when long.TryParse(value, out var buildId) =>
                await db.Builds.Where(b => b.Id == buildId)
                    .Join(db.Components, b => b.ComponentId, c => c.Id, (b, c) => (Guid?)c.TeamId).FirstOrDefaultAsync(),
            _ => null,
        };
    }

    internal static string? TeamSlugOf(object? resource) => resource switch
    {
        HttpContext http => http.GetRouteValue("team") as string,
        ComponentRouteData route => route.RouteValues.FirstOrDefault(p => p.Key.Equals("team", StringComparison.OrdinalIgnoreCase)).Value as string,
        string slug => slug,
        _ => null,
    };

    internal static (TeamScopedResource? Scope, string? Id) ScopedIdOf(object? resource)
    {
        switch (resource)
        {
            case HttpContext http when http.GetEndpoint()?.Metadata.GetMetadata<TeamScopeAttribute>() is { } scope:
                return (scope.Resource, http.GetRouteValue(scope.RouteValue)?.ToString());
            case ComponentRouteData route when route.PageType.GetCustomAttribute<TeamScopeAttribute>() is { } scope:
                return (scope.Resource, route.RouteValues.FirstOrDefault(p => p.Key.Equals(scope.RouteValue, StringComparison.OrdinalIgnoreCase)).Value?.ToString());
            case TeamScopedReference reference:
                return (reference.Resource, reference.Id);
            default:
                return (null, null);
        }
    }
}

/// <summary>A resource reference for imperative checks from pages: <c>AuthorizeAsync(user, new TeamScopedReference(...), policy)</c>.</summary>
public sealed record TeamScopedReference(TeamScopedResource Resource, string Id);
