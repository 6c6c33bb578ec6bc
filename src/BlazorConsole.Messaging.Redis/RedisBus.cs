using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BlazorConsole.Messaging.Redis;

/// <summary>
/// The replica's one connection to Redis and its pub/sub channels. Every message carries this replica's origin id, so
/// that what a replica published itself (and already delivered in process) is not delivered twice. The connection
/// reconnects on its own (<c>AbortOnConnectFail=false</c>) and restores the subscriptions; while Redis is away,
/// publishing fails fast and is logged: Redis carries signals, never the only copy of anything.
/// </summary>
public sealed partial class RedisBus : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> connection;
    private readonly ILogger<RedisBus> logger;
    private readonly string prefix;
    private int unavailableLogged;

    public RedisBus(IOptions<RedisOptions> options, ILogger<RedisBus> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        prefix = options.Value.ChannelPrefix;
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration ?? throw new InvalidOperationException("Redis:Configuration is not set."));
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "blazorconsole-" + Origin[..8];
        connection = new Lazy<ConnectionMultiplexer>(() =>
        {
            var multiplexer = ConnectionMultiplexer.Connect(configuration);
            multiplexer.ConnectionFailed += (_, e) =>
            {
                var endPoint = e.EndPoint?.ToString();
                LogConnectionFailed(logger, endPoint, e.FailureType);
            };
            multiplexer.ConnectionRestored += (_, e) =>
            {
                Interlocked.Exchange(ref unavailableLogged, 0);
                Restored?.Invoke();
                var endPoint = e.EndPoint?.ToString();
                LogConnectionRestored(logger, endPoint);
            };
            return multiplexer;
        });
    }

    /// <summary>The connection came back after a failure: messages of the outage may be missing.</summary>
    public event Action? Restored;

    /// <summary>This process among the replicas (new at every start).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    public bool IsConnected => connection.IsValueCreated && connection.Value.IsConnected;

    /// <summary>Round trip to Redis, for /healthz; throws when it does not answer.</summary>
    public Task<TimeSpan> PingAsync() => connection.Value.GetDatabase().PingAsync();

    /// <summary>Sends without waiting for Redis; false (and a log line, once per outage) when Redis cannot take it now.</summary>
    public bool Publish(string channel, string message)
    {
        try
        {
            connection.Value.GetSubscriber().Publish(Channel(channel), message, CommandFlags.FireAndForget);
            return true;
        }
        catch (RedisException e)
        {
            if (Interlocked.Exchange(ref unavailableLogged, 1) == 0)
            {
                LogPublishFailed(logger, e, channel);
            }

            return false;
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for every message on <paramref name="channel"/>, in the order Redis delivers them.
    /// Subscribed in the background until Redis answers, so a console starts while Redis is still coming up.
    /// </summary>
    public void Subscribe(string channel, Action<string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _ = Task.Run(async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    // Sequential delivery per channel: a replica sees another's events in the order they were published.
                    var queue = await connection.Value.GetSubscriber().SubscribeAsync(Channel(channel)).ConfigureAwait(false);
                    queue.OnMessage(message =>
                    {
                        try
                        {
                            handler(message.Message.ToString());
                        }
#pragma warning disable CA1031 // One bad message must not end the subscription.
                        catch (Exception e)
#pragma warning restore CA1031
                        {
                            LogHandlerFailed(logger, e, channel);
                        }
                    });
                    return;
                }
                catch (RedisException e)
                {
                    if (attempt == 0)
                    {
                        LogSubscribeRetrying(logger, e, channel);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * (attempt + 1), 2000))).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return; // stopping
                }
            }
        });
    }

    public void Dispose()
    {
        if (connection.IsValueCreated)
        {
            connection.Value.Dispose();
        }
    }

    private RedisChannel Channel(string name) => RedisChannel.Literal($"{prefix}:{name}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}); live updates between replicas pause until it is back")]
    private static partial void LogConnectionFailed(ILogger logger, string? endPoint, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string? endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not take a message on {Channel}; other replicas miss this live update (the database has it)")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to Redis channel {Channel} failed; retrying until Redis answers")]
    private static partial void LogSubscribeRetrying(ILogger logger, Exception exception, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message on Redis channel {Channel} could not be handled")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string channel);
}
