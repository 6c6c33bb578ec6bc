using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Messaging.Redis;

/// <summary>
/// Part of <c>/healthz/ready</c>: a replica whose Redis does not answer misses the others' live updates, so a load
/// balancer should send people elsewhere. One console without Redis is always ready here.
/// </summary>
internal sealed class RedisHealthCheck(IOptions<RedisOptions> options, IServiceProvider services) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return HealthCheckResult.Healthy("Not used: one console (Redis:Configuration is empty).");
        }

        try
        {
            var latency = await services.GetRequiredService<RedisBus>().PingAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Redis answers ({latency.TotalMilliseconds:0.#} ms)."));
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer: live updates between replicas are paused.", e);
        }
    }
}
