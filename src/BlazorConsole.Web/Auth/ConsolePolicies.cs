using BlazorConsole.Data;
using BlazorConsole.Domain.Teams;
using Microsoft.AspNetCore.Authorization;

namespace BlazorConsole.Web.Auth;

/// <summary>
/// The named policies every page and endpoint declares. Team policies read the team slug from the
/// <c>{team}</c> route value; a platform admin satisfies every policy.
/// </summary>
public static class ConsolePolicies
{
    public const string SignedIn = nameof(SignedIn);
    public const string PlatformAdmin = nameof(PlatformAdmin);
    public const string TeamViewer = nameof(TeamViewer);
    public const string TeamDeveloper = nameof(TeamDeveloper);
    public const string TeamAdmin = nameof(TeamAdmin);

    public static readonly IReadOnlyList<string> All = [SignedIn, PlatformAdmin, TeamViewer, TeamDeveloper, TeamAdmin];

    internal static void AddConsolePolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser())
        .AddPolicy(PlatformAdmin, policy => policy.RequireAuthenticatedUser().RequireRole(ConsoleRoles.PlatformAdmin))
        .AddPolicy(TeamViewer, policy => policy.RequireAuthenticatedUser().AddRequirements(new TeamRoleRequirement(TeamRole.Viewer)))
        .AddPolicy(TeamDeveloper, policy => policy.RequireAuthenticatedUser().AddRequirements(new TeamRoleRequirement(TeamRole.Developer)))
        .AddPolicy(TeamAdmin, policy => policy.RequireAuthenticatedUser().AddRequirements(new TeamRoleRequirement(TeamRole.Admin)));
}
