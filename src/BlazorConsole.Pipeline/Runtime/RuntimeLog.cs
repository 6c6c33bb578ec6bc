using System.Collections.Concurrent;
using BlazorConsole.Pipeline.Logs;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// One runtime log per component (stdout/stderr of its releases, starts, health checks, swaps, crashes), kept in the
/// build log store under the key <c>runtime-&lt;componentId&gt;</c>, so the build log viewer and its live follow show it.
/// Lines carry the release id, since old and new releases write side by side during a swap. It rotates past
/// <see cref="RuntimeOptions.RuntimeLogMaxMegabytes"/>.
/// </summary>
public sealed class RuntimeLog(BuildLogStore store, Microsoft.Extensions.Options.IOptions<RuntimeOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, BuildLogWriter> writers = new();

    public static string Key(Guid componentId) => "runtime-" + componentId.ToString("N");

    public void Write(Guid componentId, long releaseId, string line) =>
        Writer(componentId).Write(releaseId > 0 ? $"[r{releaseId}] {line}" : line);

    public IReadOnlyList<BuildLogLine> Read(Guid componentId, long fromSequence = 1, int maxLines = int.MaxValue) =>
        store.Read(Key(componentId), fromSequence, maxLines);

    public IDisposable Follow(Guid componentId, long fromSequence, Action<BuildLogBatch> onBatch) =>
        store.Follow(Key(componentId), fromSequence, onBatch);

    // Apps run for months: the log rotates (about twice the limit kept on disk).
    private BuildLogWriter Writer(Guid componentId) =>
        writers.GetOrAdd(componentId, id => store.OpenWriter(Key(id), rotateAtBytes: options.Value.RuntimeLogMaxMegabytes * 1024L * 1024L));

    public void Dispose()
    {
        foreach (var writer in writers.Values)
        {
            writer.Dispose();
        }

        writers.Clear();
    }
}
