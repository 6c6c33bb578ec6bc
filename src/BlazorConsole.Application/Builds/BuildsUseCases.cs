using BlazorConsole.Application.Auditing;
using BlazorConsole.Application.Components;

namespace BlazorConsole.Application.Builds;

public static class BuildsUseCases
{
    /// <summary>What people do with builds (queue, approve, cancel, the first build of a new component), the build queries and the component's language.</summary>
    public static IServiceCollection AddBuilds(this IServiceCollection services)
    {
        services.AddAuditing();
        services.AddSingleton<BuildQueries>();
        services.AddSingleton<BuildActions>();
        services.AddSingleton<IFirstBuildRequester>(provider => provider.GetRequiredService<BuildActions>());
        services.AddSingleton<ComponentLanguages>();
        return services;
    }
}
