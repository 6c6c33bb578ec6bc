using System.Collections.Concurrent;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Pipeline.Checkout;

/// <summary>
/// One pristine copy of the files of the last checked-out commit per mirror
/// (<c>mirrors/&lt;name&gt;.snapshot-&lt;sha&gt;</c>), so that the next checkout of the repository moves it into the build
/// directory (a rename) and writes only the files that changed, instead of every file of the tree. Writing files is what
/// a checkout of a reused mirror spends its time on: a push of one commit then costs the fetch and one file.
/// <para>
/// A snapshot is only ever written here and handed over whole: builds never see it in place, so what a build does to its
/// directory cannot leak into the next one. After each checkout the snapshot is written again in the background, off the
/// push-to-build path; a checkout arriving meanwhile waits for it (never longer than writing the files itself would take).
/// Staging directories are named <c>*.tmp-*</c>, which start-up recovery deletes after a crash.
/// </para>
/// </summary>
internal sealed partial class SourceSnapshots(ILogger logger)
{
    private const string Marker = ".snapshot-";

    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);

    /// <summary>
    /// Moves the mirror's snapshot to <paramref name="destination"/> (which must not exist) and returns the commit whose files
    /// it holds, or null when there is none (first checkout, or it is still being taken by another build).
    /// </summary>
    public async Task<string?> TryTakeAsync(string mirror, string destination)
    {
        var slot = slots.GetOrAdd(mirror, _ => new Slot());
        await slot.Refill.ConfigureAwait(false);
        lock (slot)
        {
            foreach (var snapshot in Existing(mirror))
            {
                var sha = Path.GetFileName(snapshot)[(Path.GetFileName(mirror).Length + Marker.Length)..];
                try
                {
                    Directory.Move(snapshot, destination);
                    return sha;
                }
                catch (IOException ex)
                {
                    // Another file system than the build directory, or gone: this checkout writes every file.
                    LogSnapshotNotUsed(logger, snapshot, ex.Message);
                    ScratchDirectory.TryDelete(snapshot);
                }
            }

            return null;
        }
    }

    /// <summary>Writes a new snapshot of <paramref name="sha"/> in the background; replaces the previous one.</summary>
    public void Refill(string mirror, string sha)
    {
        var slot = slots.GetOrAdd(mirror, _ => new Slot());
        lock (slot)
        {
            var previous = slot.Refill;
            slot.Refill = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                Write(slot, mirror, sha);
            });
        }
    }

    public Task WhenWrittenAsync() => Task.WhenAll(slots.Values.Select(s => s.Refill));

    private void Write(Slot slot, string mirror, string sha)
    {
        var target = mirror + Marker + sha;
        var staging = mirror + ".snapshot.tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Directory.CreateDirectory(staging);
            using (var repo = new Repository(mirror))
            {
                TreeWriter.Write(repo.Lookup<Commit>(sha).Tree, staging, _ => { }, CancellationToken.None);
            }

            lock (slot)
            {
                foreach (var older in Existing(mirror))
                {
                    ScratchDirectory.TryDelete(older);
                }

                Directory.Move(staging, target);
            }
        }
#pragma warning disable CA1031 // A snapshot is an optimization: failing to write one must never fail anything else.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSnapshotFailed(logger, mirror, ex.Message);
        }
        finally
        {
            ScratchDirectory.TryDelete(staging);
        }
    }

    private static List<string> Existing(string mirror)
    {
        var parent = Path.GetDirectoryName(mirror)!;
        return Directory.Exists(parent)
            ? Directory.EnumerateDirectories(parent, Path.GetFileName(mirror) + Marker + "*")
                .Where(d => !d.Contains(".tmp-", StringComparison.Ordinal) && Path.GetFileName(d).Length == Path.GetFileName(mirror).Length + Marker.Length + 40)
                .ToList()
            : [];
    }

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Could not write the source snapshot of {Mirror}: {Reason}")]
    private static partial void LogSnapshotFailed(ILogger logger, string mirror, string reason);

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Source snapshot {Snapshot} not used: {Reason}")]
    private static partial void LogSnapshotNotUsed(ILogger logger, string snapshot, string reason);

    private sealed class Slot
    {
        public Task Refill { get; set; } = Task.CompletedTask;
    }
}
