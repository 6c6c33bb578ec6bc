using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using BlazorConsole.Domain.Events;
using BlazorConsole.Pipeline.Events;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Messaging.Redis;

/// <summary>
/// The event stream of several replicas: an event published here reaches this replica's subscribers in process (as
/// with one console) and is sent over Redis, where every other replica hands it to its own subscribers — so a page on
/// replica A shows live the build replica B runs and the delivery replica C received. Events of one replica arrive in
/// the order it published them.
/// </summary>
public sealed partial class RedisConsoleEventStream : IConsoleEventStream
{
    private const string Channel = "events";

    // The console's own events, by name: only these cross replicas (a name, never a type from the wire, is trusted).
    private static readonly FrozenDictionary<string, Type> EventTypes = typeof(BuildQueued).Assembly.GetTypes()
        .Where(t => t is { IsPublic: true, IsAbstract: false } && typeof(IDomainEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly InProcessConsoleEventStream local;
    private readonly RedisBus bus;
    private readonly ILogger<RedisConsoleEventStream> logger;

    public RedisConsoleEventStream(InProcessConsoleEventStream local, RedisBus bus, ILogger<RedisConsoleEventStream> logger)
    {
        ArgumentNullException.ThrowIfNull(bus);
        this.local = local;
        this.bus = bus;
        this.logger = logger;
        bus.Subscribe(Channel, OnMessage);
        // Whatever the others published while Redis was away is lost: open pages re-read (in process only).
        bus.Restored += () => local.Publish(new LiveUpdatesResumed());
    }

    public void Publish(IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        local.Publish(domainEvent);
        var type = domainEvent.GetType();
        if (domainEvent is not LiveUpdatesResumed && EventTypes.TryGetValue(type.Name, out var known) && known == type)
        {
            bus.Publish(Channel, JsonSerializer.Serialize(new Envelope(bus.Origin, type.Name, JsonSerializer.SerializeToElement(domainEvent, type, Json)), Json));
        }
    }

    public IDisposable Subscribe(Func<IDomainEvent, CancellationToken, ValueTask> handler) => local.Subscribe(handler);

    private void OnMessage(string message)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(message, Json);
        if (envelope is null || envelope.Origin == bus.Origin)
        {
            return;
        }

        if (!EventTypes.TryGetValue(envelope.Type, out var type))
        {
            LogUnknownEvent(logger, envelope.Type); // a newer replica during a rolling upgrade
            return;
        }

        if (envelope.Event.Deserialize(type, Json) is IDomainEvent domainEvent)
        {
            local.Publish(domainEvent);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An event {Type} from another replica is not known to this one; skipped")]
    private static partial void LogUnknownEvent(ILogger logger, string type);

    private sealed record Envelope(string Origin, string Type, JsonElement Event);
}
