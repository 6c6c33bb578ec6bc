using System.Globalization;
using BlazorConsole.Pipeline.Queue;

namespace BlazorConsole.Messaging.Redis;

/// <summary>
/// The build queue's wake-up across replicas: a queued build wakes this replica's workers at once (in process) and
/// every other replica's through Redis. Which worker gets the build is decided by the database claim
/// (<c>FOR UPDATE SKIP LOCKED</c>); a lost signal costs one poll interval (<c>Builds:PollMilliseconds</c>).
/// </summary>
public sealed class RedisBuildQueue : IBuildQueue
{
    private const string Channel = "builds:queued";
    private readonly ChannelBuildQueue local;
    private readonly RedisBus bus;

    public RedisBuildQueue(ChannelBuildQueue local, RedisBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        this.local = local;
        this.bus = bus;
        bus.Subscribe(Channel, OnMessage);
    }

    public void NotifyQueued(long buildId)
    {
        local.NotifyQueued(buildId);
        bus.Publish(Channel, string.Create(CultureInfo.InvariantCulture, $"{bus.Origin}|{buildId}"));
    }

    public IAsyncEnumerable<long> WaitForQueuedAsync(CancellationToken cancellationToken) => local.WaitForQueuedAsync(cancellationToken);

    private void OnMessage(string message)
    {
        var parts = message.Split('|', 2);
        if (parts.Length == 2 && parts[0] != bus.Origin && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var buildId))
        {
            local.NotifyQueued(buildId);
        }
    }
}
