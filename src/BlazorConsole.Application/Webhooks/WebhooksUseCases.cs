using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Webhooks;

public static class WebhooksUseCases
{
    /// <summary>The <c>Webhooks</c> options, the delivery log (list, details, redelivery) and its retention sweep.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuditing();
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<DeliveryRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryRetention>());
        return services;
    }
}
