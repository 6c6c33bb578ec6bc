using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Logs;

/// <summary>
/// <see cref="IBuildLogNotifier"/> for one process: lines of builds nobody watches are dropped at once; lines of
/// watched builds are collected and delivered by one timer every batch interval. Remembers the last
/// <see cref="RememberedCompletions"/> completed builds, so that subscribing just after completion still gets the
/// completion.
/// </summary>
public sealed partial class InProcessBuildLogNotifier : IBuildLogNotifier, IDisposable
{
    public const int RememberedCompletions = 1024;

    private readonly ConcurrentDictionary<string, Topic> topics = new(StringComparer.Ordinal);
    private readonly object completedGate = new();
    private readonly object flushGate = new();
    private readonly HashSet<string> completed = new(StringComparer.Ordinal);
    private readonly Queue<string> completedOrder = new();
    private readonly ILogger<InProcessBuildLogNotifier> logger;
    private readonly TimeSpan interval;
    private readonly ITimer timer;
    private int armed;

    public InProcessBuildLogNotifier(IOptions<BuildsOptions> options, TimeProvider time, ILogger<InProcessBuildLogNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.logger = logger;
        interval = TimeSpan.FromMilliseconds(options.Value.LogBatchMilliseconds);
        timer = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IDisposable Subscribe(string buildKey, Action<BuildLogBatch> onBatch)
    {
        ArgumentNullException.ThrowIfNull(buildKey);
        ArgumentNullException.ThrowIfNull(onBatch);
        var subscriber = new Subscriber(this, buildKey, onBatch);
        while (true)
        {
            var topic = topics.GetOrAdd(buildKey, _ => new Topic());
            bool done;
            lock (topic)
            {
                if (!topics.TryGetValue(buildKey, out var current) || !ReferenceEquals(current, topic))
                {
                    continue; // removed meanwhile (last subscriber left, or completed): take the new one
                }

                topic.Subscribers = topic.Subscribers.Add(subscriber);
                lock (completedGate)
                {
                    topic.Completed |= completed.Contains(buildKey);
                }

                done = topic.Completed;
            }

            if (done)
            {
                Arm();
            }

            return subscriber;
        }
    }

    public void Publish(string buildKey, IReadOnlyList<BuildLogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || !topics.TryGetValue(buildKey, out var topic))
        {
            return;
        }

        lock (topic)
        {
            if (topic.Subscribers.IsEmpty)
            {
                return;
            }

            topic.Pending.AddRange(lines);
        }

        Arm();
    }

    public void Complete(string buildKey)
    {
        lock (completedGate)
        {
            if (completed.Add(buildKey))
            {
                completedOrder.Enqueue(buildKey);
                if (completedOrder.Count > RememberedCompletions)
                {
                    completed.Remove(completedOrder.Dequeue());
                }
            }
        }

        if (topics.TryGetValue(buildKey, out var topic))
        {
            lock (topic)
            {
                topic.Completed = true;
            }

            Arm();
        }
    }

    public void Dispose() => timer.Dispose();

    /// <summary>Delivers what is pending now (the timer calls it; tests may too).</summary>
    internal void Flush()
    {
        Interlocked.Exchange(ref armed, 0);
        lock (flushGate)
        {
            FlushTopics();
        }
    }

    private void FlushTopics()
    {
        foreach (var (key, topic) in topics)
        {
            BuildLogLine[] lines;
            System.Collections.Immutable.ImmutableArray<Subscriber> subscribers;
            bool done;
            lock (topic)
            {
                if (topic.Pending.Count == 0 && !topic.Completed)
                {
                    continue;
                }

                lines = [.. topic.Pending];
                topic.Pending.Clear();
                subscribers = topic.Subscribers;
                done = topic.Completed;
                if (done)
                {
                    topics.TryRemove(key, out _);
                }
            }

            var batch = new BuildLogBatch(key, lines, done);
            foreach (var subscriber in subscribers)
            {
                subscriber.Deliver(batch);
            }
        }
    }

    private void Arm()
    {
        if (Interlocked.Exchange(ref armed, 1) == 0)
        {
            timer.Change(interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void Unsubscribe(Subscriber subscriber)
    {
        if (topics.TryGetValue(subscriber.BuildKey, out var topic))
        {
            lock (topic)
            {
                topic.Subscribers = topic.Subscribers.Remove(subscriber);
                if (topic.Subscribers.IsEmpty)
                {
                    topic.Pending.Clear();
                    topics.TryRemove(new KeyValuePair<string, Topic>(subscriber.BuildKey, topic));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A build log subscriber of {BuildKey} failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, string buildKey);

    private sealed class Topic
    {
        public System.Collections.Immutable.ImmutableArray<Subscriber> Subscribers { get; set; } = [];

        public List<BuildLogLine> Pending { get; } = [];

        public bool Completed { get; set; }
    }

    private sealed class Subscriber(InProcessBuildLogNotifier owner, string buildKey, Action<BuildLogBatch> onBatch) : IDisposable
    {
        private int disposed;

        public string BuildKey => buildKey;

        public void Deliver(BuildLogBatch batch)
        {
            if (Volatile.Read(ref disposed) == 1)
            {
                return;
            }

            try
            {
                onBatch(batch);
            }
#pragma warning disable CA1031 // One failing page must not stop the others' logs.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubscriberFailed(owner.logger, ex, buildKey);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Unsubscribe(this);
            }
        }
    }
}
