using BlazorConsole.Domain.Events;
using BlazorConsole.Pipeline.Events;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BlazorConsole.Messaging.Redis;

public static class RedisMessagingServiceCollectionExtensions
{
    /// <summary>
    /// The live seams for several replicas: <see cref="IBuildQueue"/>, <see cref="IConsoleEventStream"/> and
    /// <see cref="IBuildLogNotifier"/> over Redis pub/sub when <c>Redis:Configuration</c> is set, the in-process ones
    /// when not (chosen when first resolved). Call before the features register their in-process defaults.
    /// </summary>
    public static IServiceCollection AddRedisMessaging(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || Parses(o.Configuration!), "Redis:Configuration is not a valid StackExchange.Redis configuration string (host:port[,option=value…]).")
            .ValidateOnStart();
        services.TryAddSingleton<RedisBus>();
        services.TryAddSingleton<ChannelBuildQueue>();
        services.TryAddSingleton<InProcessConsoleEventStream>();
        services.TryAddSingleton<InProcessBuildLogNotifier>();
        services.TryAddSingleton<RedisBuildQueue>();
        services.TryAddSingleton<RedisConsoleEventStream>();
        services.TryAddSingleton<RedisBuildLogNotifier>();
        services.TryAddSingleton<IBuildQueue>(provider => Enabled(provider)
            ? provider.GetRequiredService<RedisBuildQueue>()
            : provider.GetRequiredService<ChannelBuildQueue>());
        services.TryAddSingleton<IConsoleEventStream>(provider => Enabled(provider)
            ? provider.GetRequiredService<RedisConsoleEventStream>()
            : provider.GetRequiredService<InProcessConsoleEventStream>());
        services.TryAddSingleton<IBuildLogNotifier>(provider => Enabled(provider)
            ? provider.GetRequiredService<RedisBuildLogNotifier>()
            : provider.GetRequiredService<InProcessBuildLogNotifier>());
        services.AddHostedService<RedisMessagingStarter>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: ["ready"]);
        return services;
    }

    private static bool Enabled(IServiceProvider provider) => provider.GetRequiredService<IOptions<RedisOptions>>().Value.Enabled;

    private static bool Parses(string configuration)
    {
        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Subscribes at start, not at the first webhook or page: a replica hears the others from the beginning.</summary>
    private sealed class RedisMessagingStarter(IServiceProvider provider, IOptions<RedisOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.Enabled)
            {
                _ = provider.GetRequiredService<IBuildQueue>();
                _ = provider.GetRequiredService<IConsoleEventStream>();
                _ = provider.GetRequiredService<IBuildLogNotifier>();
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
