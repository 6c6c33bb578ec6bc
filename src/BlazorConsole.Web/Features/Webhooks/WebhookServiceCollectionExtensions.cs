using BlazorConsole.Pipeline.Events;
using BlazorConsole.Pipeline.Queue;
using BlazorConsole.Web.Features.Builds;
using BlazorConsole.Web.Features.Components;

namespace BlazorConsole.Web.Features.Webhooks;

internal static class WebhookServiceCollectionExtensions
{
    /// <summary>Components, the webhook receiver with its single delivery writer, the delivery log and its retention.</summary>
    public static IServiceCollection AddComponentsAndWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<WebhookComponentCache>();
        services.AddBuildQueue(); // the receiver enqueues: deliveries and the builds they trigger are recorded there
        services.AddSingleton<RejectedDeliveryLimiter>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<CustomDeployTrigger>();
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<DeliveryRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryRetention>());
        services.AddSingleton<ComponentService>();
        services.AddSingleton<DeployKeys>();
        services.AddSingleton<ProviderHookManager>();
        services.AddInProcessEventStream();
        services.AddSingleton<ComponentEvents>();
        services.AddScoped<OneTimeSecrets>();
        services.AddSingleton<BuildQueries>();
        return services;
    }
}
