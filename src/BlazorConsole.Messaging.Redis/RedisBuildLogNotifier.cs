using System.Text.Json;
using BlazorConsole.Pipeline.Logs;

namespace BlazorConsole.Messaging.Redis;

/// <summary>
/// Live build log lines across replicas: the replica running a build writes its lines to the shared log directory
/// (<c>Console:SharedDir</c>) and publishes them here; every replica hands them to its own followers, whose
/// <see cref="BuildLogStore.Follow"/> merges them with the file by sequence number (no line twice, none missing).
/// One channel for every build: a replica subscribes once at start, so a follower can never miss lines written between
/// its subscription and its read of the file. Lines of builds nobody watches are dropped in process at once.
/// </summary>
public sealed class RedisBuildLogNotifier : IBuildLogNotifier
{
    private const string Channel = "logs";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly InProcessBuildLogNotifier local;
    private readonly RedisBus bus;

    public RedisBuildLogNotifier(InProcessBuildLogNotifier local, RedisBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        this.local = local;
        this.bus = bus;
        bus.Subscribe(Channel, OnMessage);
    }

    public IDisposable Subscribe(string buildKey, Action<BuildLogBatch> onBatch) => local.Subscribe(buildKey, onBatch);

    public void Publish(string buildKey, IReadOnlyList<BuildLogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        local.Publish(buildKey, lines);
        if (lines.Count > 0)
        {
            bus.Publish(Channel, JsonSerializer.Serialize(new Message(bus.Origin, buildKey, lines, false), Json));
        }
    }

    public void Complete(string buildKey)
    {
        local.Complete(buildKey);
        bus.Publish(Channel, JsonSerializer.Serialize(new Message(bus.Origin, buildKey, [], true), Json));
    }

    private void OnMessage(string text)
    {
        var message = JsonSerializer.Deserialize<Message>(text, Json);
        if (message is null || message.Origin == bus.Origin)
        {
            return;
        }

        if (message.Lines.Count > 0)
        {
            local.Publish(message.BuildKey, message.Lines);
        }

        if (message.Completed)
        {
            local.Complete(message.BuildKey);
        }
    }

    private sealed record Message(string Origin, string BuildKey, IReadOnlyList<BuildLogLine> Lines, bool Completed);
}
