namespace BlazorConsole.Application.Dashboard;

public static class DashboardUseCases
{
    /// <summary>What the dashboard reads: recent builds and deliveries of the caller's teams.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) =>
        services.AddSingleton<DashboardQueries>();
}
