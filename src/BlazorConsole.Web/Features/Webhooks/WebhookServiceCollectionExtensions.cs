using BlazorConsole.Application.Webhooks;
using BlazorConsole.Pipeline.Queue;

namespace BlazorConsole.Web.Features.Webhooks;

internal static class WebhookServiceCollectionExtensions
{
    /// <summary>The webhook receiver with its single delivery writer, the custom API trigger, and the delivery log and its retention (Application).</summary>
    public static IServiceCollection AddWebhooksFeature(this IServiceCollection services)
    {
        services.AddBuildQueue(); // the receiver enqueues: deliveries and the builds they trigger are recorded there
        services.AddSingleton<RejectedDeliveryLimiter>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<CustomDeployTrigger>();
        services.AddWebhooks();
        return services;
    }
}
