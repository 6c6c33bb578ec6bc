using BlazorConsole.Application.Components;

namespace BlazorConsole.Web.Features.Components;

internal static class ComponentsFeature
{
    /// <summary>The components use cases (Application) and what the pages add: secrets shown once, live change notices.</summary>
    public static IServiceCollection AddComponentsFeature(this IServiceCollection services)
    {
        services.AddComponents();
        services.AddSingleton<ComponentEvents>();
        services.AddScoped<OneTimeSecrets>();
        return services;
    }
}
