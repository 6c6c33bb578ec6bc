namespace BlazorConsole.Web.Features.Components;

internal static class ComponentsFeature
{
    /// <summary>Components and their build source: creation (with the first build through <see cref="IFirstBuildRequester"/>), secrets shown once, deploy keys, provider hooks, live change notices.</summary>
    public static IServiceCollection AddComponents(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<WebhookComponentCache>();
        services.AddSingleton<ComponentService>();
        services.AddSingleton<ComponentOnboarding>();
        services.AddSingleton<DeployKeys>();
        services.AddSingleton<ProviderHookManager>();
        services.AddSingleton<ComponentEvents>();
        services.AddScoped<OneTimeSecrets>();
        return services;
    }
}
