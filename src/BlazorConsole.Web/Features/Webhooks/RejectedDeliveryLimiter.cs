using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Webhooks;

namespace BlazorConsole.Web.Features.Webhooks;

/// <summary>
/// A per-component budget for <em>rejected</em> webhook requests (bad or missing signature, malformed body, wrong
/// API trigger key). Only requests about to be stored as rejected take a permit, so a flood of forged requests cannot
/// crowd out the correctly signed deliveries of the same component, and cannot grow the database past
/// <see cref="WebhookOptions.RejectedPerMinute"/> rows a minute. Requests over the budget are answered 429 and only
/// counted: the count is logged once per episode and shown in the component's delivery log.
/// </summary>
internal sealed partial class RejectedDeliveryLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<Guid> limiter;
    private readonly int perMinute;
    private readonly TimeProvider time;
    private readonly ILogger<RejectedDeliveryLimiter> logger;
    private readonly ConcurrentDictionary<Guid, long> refusedSinceStart = new();
    private readonly Lock episodesGate = new();
    private readonly Dictionary<Guid, ThrottlingEpisode> openEpisodes = [];

    public RejectedDeliveryLimiter(IOptions<WebhookOptions> options, TimeProvider time, ILogger<RejectedDeliveryLimiter> logger)
    {
        perMinute = options.Value.RejectedPerMinute;
        this.time = time;
        this.logger = logger;
        // No queue: a forged request waits for nothing, it is refused at once.
        limiter = PartitionedRateLimiter.Create<Guid, Guid>(componentId => RateLimitPartition.GetFixedWindowLimiter(componentId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>
    /// Takes a permit to store one more rejected request of the component. Without one, the caller answers 429 with
    /// <paramref name="retryAfter"/> and stores nothing.
    /// </summary>
    public bool TryAdmit(Guid componentId, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(componentId);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : Window;
        CountRefused(componentId);
        return false;
    }

    /// <summary>Rejected requests of the component answered 429 (and not stored) since the console started.</summary>
    public long RefusedSinceStart(Guid componentId) => refusedSinceStart.TryGetValue(componentId, out var count) ? count : 0;

    public void Dispose()
    {
        limiter.Dispose();
        lock (episodesGate)
        {
            foreach (var episode in openEpisodes.Values)
            {
                episode.Timer.Dispose();
            }

            openEpisodes.Clear();
        }
    }

    private void CountRefused(Guid componentId)
    {
        refusedSinceStart.AddOrUpdate(componentId, 1, (_, count) => count + 1);
        lock (episodesGate)
        {
            if (openEpisodes.TryGetValue(componentId, out var open))
            {
                open.Refused++;
                return;
            }

            // One line when throttling starts and one summary a window later, however many requests the flood sends.
            var timer = time.CreateTimer(state => CloseEpisode((Guid)state!), componentId, Window, Timeout.InfiniteTimeSpan);
            openEpisodes[componentId] = new ThrottlingEpisode(timer) { Refused = 1 };
        }

        LogThrottlingStarted(logger, componentId, perMinute);
    }

    private void CloseEpisode(Guid componentId)
    {
        ThrottlingEpisode? episode;
        lock (episodesGate)
        {
            if (!openEpisodes.Remove(componentId, out episode))
            {
                return;
            }
        }

        episode.Timer.Dispose();
        LogThrottlingSummary(logger, componentId, episode.Refused, perMinute);
    }

    private sealed class ThrottlingEpisode(ITimer timer)
    {
        public ITimer Timer { get; } = timer;

        public long Refused { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentId}: more than {PerMinute} rejected webhook requests a minute; further ones are answered 429 and counted, not stored")]
    private static partial void LogThrottlingStarted(ILogger logger, Guid componentId, int perMinute);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentId}: rejected {Refused} requests (rate-limited, over {PerMinute} a minute); they were answered 429 and not stored")]
    private static partial void LogThrottlingSummary(ILogger logger, Guid componentId, long refused, int perMinute);
}
