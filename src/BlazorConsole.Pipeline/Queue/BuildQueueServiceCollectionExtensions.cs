using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorConsole.Pipeline.Queue;

public static class BuildQueueServiceCollectionExtensions
{
    /// <summary>
    /// The build queue's front door: the in-process wake-up signal (<see cref="IBuildQueue"/>) and the single writer
    /// that records deliveries and creates and numbers builds (<see cref="DeliveryRecorder"/>, a hosted service).
    /// Needs an engine's <c>IDeliveryWriterFactory</c> and an <c>IConsoleEventStream</c>. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddBuildQueue(this IServiceCollection services)
    {
        services.TryAddSingleton<IBuildQueue, ChannelBuildQueue>();
        services.TryAddSingleton<DeliveryRecorder>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryRecorder>());
        return services;
    }
}
