using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Components;

public static class ComponentsUseCases
{
    /// <summary>
    /// Components and their build source: creation (with the first build through <see cref="IFirstBuildRequester"/>,
    /// which the Builds capability implements), deploy keys, provider hooks and the webhook receiver's component cache.
    /// </summary>
    public static IServiceCollection AddComponents(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAuditing();
        services.AddSingleton<WebhookComponentCache>();
        services.AddSingleton<ComponentService>();
        services.AddSingleton<ComponentOnboarding>();
        services.AddSingleton<DeployKeys>();
        services.AddSingleton<ProviderHookManager>();
        return services;
    }
}
