using BlazorConsole.Domain.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorConsole.Pipeline.Events;

public static class EventStreamServiceCollectionExtensions
{
    /// <summary>
    /// The console's <see cref="IConsoleEventStream"/> for one process: committed transitions reach the subscribers
    /// (open pages, the approvals badge) of this process only. Several replicas need a shared stream instead.
    /// </summary>
    public static IServiceCollection AddInProcessEventStream(this IServiceCollection services)
    {
        services.TryAddSingleton<InProcessConsoleEventStream>();
        services.TryAddSingleton<IConsoleEventStream>(provider => provider.GetRequiredService<InProcessConsoleEventStream>());
        return services;
    }
}
