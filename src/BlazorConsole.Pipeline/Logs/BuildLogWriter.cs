using System.Text;

namespace BlazorConsole.Pipeline.Logs;

/// <summary>
/// Appends the lines of one build to its log file (<see cref="BuildLogLine.ToFileLine"/>), each redacted, timestamped
/// and numbered from 1 without gaps, and hands them to the live notifier. Thread-safe: stdout, stderr and the pipeline's
/// own messages write concurrently. Reopening the file of an interrupted build continues its numbering.
/// A writer given a size limit (the runtime logs of long-running apps) rotates: past the limit the file becomes
/// <c>&lt;file&gt;.1</c> (replacing the previous one) and numbering continues in a new file, so at most about twice the
/// limit is kept and <see cref="BuildLogReader"/> reads both.
/// </summary>
public sealed class BuildLogWriter : IDisposable
{
    private readonly object gate = new();
    private readonly long? rotateAtBytes;
    private FileStream file;
    private readonly SecretRedactor redactor;
    private readonly IBuildLogNotifier notifier;
    private readonly TimeProvider time;
    private long sequence;
    private bool completed;

    internal BuildLogWriter(string buildKey, string path, SecretRedactor redactor, IBuildLogNotifier notifier, TimeProvider time, long? rotateAtBytes = null)
    {
        BuildKey = buildKey;
        Path = path;
        this.redactor = redactor;
        this.notifier = notifier;
        this.time = time;
        this.rotateAtBytes = rotateAtBytes;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        file = Open(path, FileMode.OpenOrCreate);
        sequence = RecoverEnd(file);
        if (sequence == 0 && File.Exists(RotatedPath(path)))
        {
            // Rotated just before a stop: the numbering goes on from the rotated file.
            using var rotated = new FileStream(RotatedPath(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            sequence = LastSequenceIn(rotated);
        }
    }

    /// <summary>Where a rotating log keeps its previous part.</summary>
    public static string RotatedPath(string path) => path + ".1";

    public string BuildKey { get; }

    public string Path { get; }

    /// <summary>Sequence number of the last line written (0 when none).</summary>
    public long LastSequence
    {
        get
        {
            lock (gate)
            {
                return sequence;
            }
        }
    }

    /// <summary>Writes one line (or several, when <paramref name="text"/> contains line breaks).</summary>
    public void Write(string text) => WriteLines([text]);

    public void WriteLines(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var lines = new List<BuildLogLine>();
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(completed, this);
            var now = time.GetUtcNow();
            var buffer = new StringBuilder();
            foreach (var text in texts)
            {
                foreach (var piece in Split(text))
                {
                    var line = new BuildLogLine(++sequence, now, redactor.Redact(piece));
                    lines.Add(line);
                    buffer.Append(line.ToFileLine());
                }
            }

            if (lines.Count == 0)
            {
                return;
            }

            file.Write(Encoding.UTF8.GetBytes(buffer.ToString()));
            file.Flush();
            if (rotateAtBytes is { } limit && file.Length >= limit)
            {
                file.Dispose();
                File.Move(Path, RotatedPath(Path), overwrite: true);
                file = Open(Path, FileMode.Create);
            }

            // Published under the lock: subscribers see lines in sequence order.
            notifier.Publish(BuildKey, lines);
        }
    }

    /// <summary>Closes the file and tells live subscribers the log is complete.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (completed)
            {
                return;
            }

            completed = true;
            file.Dispose();
        }

        notifier.Complete(BuildKey);
    }

    public void Dispose() => Complete();

    private static IEnumerable<string> Split(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield return "";
            yield break;
        }

        foreach (var raw in text.Split('\n'))
        {
            // A carriage return redraws the line in a terminal (progress bars): keep what is shown last.
            var line = raw.TrimEnd('\r');
            var cr = line.LastIndexOf('\r');
            if (cr >= 0)
            {
                line = line[(cr + 1)..];
            }

            yield return line.Replace('\0', ' ');
        }
    }

    private static FileStream Open(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 4096, FileOptions.None);

    /// <summary>Finds the last complete line; cuts off a line half-written when the process died.</summary>
    private static long RecoverEnd(FileStream file)
    {
        var end = LastNewline(file) + 1;
        file.SetLength(end);
        return LastSequenceIn(file, end);
    }

    /// <summary>
    /// The sequence number of the file's last complete line (0 when none), which ends at <paramref name="end"/> when the
    /// caller knows it; reads only the file's end and leaves the position there.
    /// </summary>
    private static long LastSequenceIn(FileStream file, long? end = null)
    {
        var lineEnd = end ?? LastNewline(file) + 1;
        if (lineEnd == 0)
        {
            return 0;
        }

        var start = LastNewline(file, lineEnd - 1) + 1;
        var bytes = new byte[lineEnd - 1 - start];
        file.Position = start;
        file.ReadExactly(bytes);
        file.Position = file.Length;
        return BuildLogLine.TryParse(Encoding.UTF8.GetString(bytes), out var parsed) ? parsed!.Sequence : 0;
    }

    /// <summary>Position of the last '\n' before <paramref name="before"/> (default: the file's end), or -1; reads backwards in chunks.</summary>
    private static long LastNewline(FileStream file, long? before = null)
    {
        var chunk = new byte[64 * 1024];
        var position = before ?? file.Length;
        while (position > 0)
        {
            var size = (int)Math.Min(chunk.Length, position);
            position -= size;
            file.Position = position;
            file.ReadExactly(chunk, 0, size);
            var found = Array.LastIndexOf(chunk, (byte)'\n', size - 1, size);
            if (found >= 0)
            {
                return position + found;
            }
        }

        return -1;
    }
}
