using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Teams;

public static class TeamsUseCases
{
    /// <summary>Teams and their members (audited).</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services) =>
        services.AddAuditing().AddSingleton<TeamService>();
}
