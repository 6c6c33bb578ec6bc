using BlazorConsole.Pipeline.Checkout;

namespace BlazorConsole.Pipeline.Logs;

/// <summary>Build logs under <c>&lt;DataDir&gt;/logs/builds/&lt;buildKey&gt;.log</c>: writers, reads from line N, live follow.</summary>
public sealed class BuildLogStore(PipelinePaths paths, IBuildLogNotifier notifier, TimeProvider time)
{
    public string PathFor(string buildKey) => paths.LogFile(buildKey);

    /// <summary>
    /// Opens the log of a build for writing; every line is passed through <paramref name="redactor"/> (build it with the
    /// secrets in play: <see cref="SecretRedactor.For(GitCredentials?, IEnumerable{string?}?)"/>).
    /// One writer per build at a time.
    /// </summary>
    /// <param name="rotateAtBytes">For logs without an end (an app's runtime log): rotate past this size (see <see cref="BuildLogWriter"/>).</param>
    public BuildLogWriter OpenWriter(string buildKey, SecretRedactor? redactor = null, long? rotateAtBytes = null) =>
        new(buildKey, paths.LogFile(buildKey), redactor ?? SecretRedactor.UrlCredentialsOnly, notifier, time, rotateAtBytes);

    /// <summary>Lines from <paramref name="fromSequence"/> on (1 = the whole log).</summary>
    public IReadOnlyList<BuildLogLine> Read(string buildKey, long fromSequence = 1, int maxLines = int.MaxValue) =>
        BuildLogReader.Read(paths.LogFile(buildKey), fromSequence, maxLines);

    /// <summary>
    /// The log from <paramref name="fromSequence"/> on, then live: <paramref name="onBatch"/> first gets what the file
    /// holds, then each new batch, with no line twice and none missing (subscribes first, reads the file, then skips
    /// live lines it already delivered; a gap in the live lines is filled from the file). Dispose the result to stop.
    /// </summary>
    public IDisposable Follow(string buildKey, long fromSequence, Action<BuildLogBatch> onBatch)
    {
        ArgumentNullException.ThrowIfNull(onBatch);
        var follower = new Follower(buildKey, fromSequence, onBatch, (from, count) => Read(buildKey, from, count));
        follower.Subscription = notifier.Subscribe(buildKey, follower.OnLive);
        follower.Start(Read(buildKey, fromSequence));
        return follower;
    }

    private sealed class Follower(string buildKey, long fromSequence, Action<BuildLogBatch> onBatch, Func<long, int, IReadOnlyList<BuildLogLine>> readFile) : IDisposable
    {
        private readonly object gate = new();
        private readonly List<BuildLogBatch> early = [];
        private bool started;
        private long delivered = fromSequence - 1;

        public IDisposable? Subscription { get; set; }

        public void Start(IReadOnlyList<BuildLogLine> backlog)
        {
            lock (gate)
            {
                Deliver(new BuildLogBatch(buildKey, backlog, false), alwaysSend: true);
                started = true;
                foreach (var batch in early)
                {
                    Deliver(batch, alwaysSend: false);
                }

                early.Clear();
            }
        }

        public void OnLive(BuildLogBatch batch)
        {
            lock (gate)
            {
                if (!started)
                {
                    early.Add(batch);
                    return;
                }

                Deliver(batch, alwaysSend: false);
            }
        }

        public void Dispose() => Subscription?.Dispose();

        private void Deliver(BuildLogBatch batch, bool alwaysSend)
        {
            var fresh = batch.Lines.Where(l => l.Sequence > delivered).ToList();
            if (fresh.Count > 0 && fresh[0].Sequence > delivered + 1)
            {
                // Live lines that never arrived (another replica's, while Redis was away): the file has them, as the
                // writer writes it before it publishes.
                var firstLive = fresh[0].Sequence;
                var missing = readFile(delivered + 1, (int)Math.Min(int.MaxValue, firstLive - delivered - 1));
                fresh.InsertRange(0, missing.Where(l => l.Sequence > delivered && l.Sequence < firstLive).ToList());
            }

            if (fresh.Count > 0)
            {
                delivered = fresh[^1].Sequence;
            }

            if (fresh.Count > 0 || batch.Completed || alwaysSend)
            {
                onBatch(batch with { Lines = fresh });
            }
        }
    }
}
