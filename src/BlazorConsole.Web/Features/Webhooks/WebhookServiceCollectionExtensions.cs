using BlazorConsole.Pipeline.Queue;

namespace BlazorConsole.Web.Features.Webhooks;

internal static class WebhookServiceCollectionExtensions
{
    /// <summary>The webhook receiver with its single delivery writer, the custom API trigger, the delivery log and its retention.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddBuildQueue(); // the receiver enqueues: deliveries and the builds they trigger are recorded there
        services.AddSingleton<RejectedDeliveryLimiter>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<CustomDeployTrigger>();
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<DeliveryRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryRetention>());
        return services;
    }
}
