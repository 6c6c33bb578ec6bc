using System.Text;

namespace BlazorConsole.Pipeline.Logs;

/// <summary>
/// Appends the lines of one build to its log file (<see cref="BuildLogLine.ToFileLine"/>), each redacted, timestamped
/// and numbered from 1 without gaps, and hands them to the live notifier. Thread-safe: stdout, stderr and the pipeline's
/// own messages write concurrently. Reopening the file of an interrupted build continues its numbering.
/// </summary>
public sealed class BuildLogWriter : IDisposable
{
    private readonly object gate = new();
    private readonly FileStream file;
    private readonly SecretRedactor redactor;
    private readonly IBuildLogNotifier notifier;
    private readonly TimeProvider time;
    private long sequence;
    private bool completed;

    internal BuildLogWriter(string buildKey, string path, SecretRedactor redactor, IBuildLogNotifier notifier, TimeProvider time)
    {
        BuildKey = buildKey;
        Path = path;
        this.redactor = redactor;
        this.notifier = notifier;
        this.time = time;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);
        sequence = RecoverEnd(file);
    }

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

    /// <summary>Finds the last complete line; cuts off a line half-written when the process died.</summary>
    private static long RecoverEnd(FileStream file)
    {
        if (file.Length == 0)
        {
            return 0;
        }

        var bytes = new byte[file.Length];
        file.Position = 0;
        file.ReadExactly(bytes);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        file.SetLength(end);
        file.Position = end;
        if (end == 0)
        {
            return 0;
        }

        var start = Array.LastIndexOf(bytes, (byte)'\n', end - 2) + 1;
        var last = Encoding.UTF8.GetString(bytes, start, end - start - 1);
        return BuildLogLine.TryParse(last, out var parsed) ? parsed!.Sequence : 0;
    }
}
