using System.Text;

namespace BlazorConsole.Pipeline.Logs;

/// <summary>Reads a build log file from a sequence number on (GET /builds/{id}/log?from=N, reconnect resume).</summary>
public static class BuildLogReader
{
    /// <summary>
    /// Lines with <c>Sequence ≥ fromSequence</c>, in order, at most <paramref name="maxLines"/>. A line still being
    /// written (no newline yet) is left for the next read. A missing file reads as empty. A rotated log is read from its
    /// previous part (<see cref="BuildLogWriter.RotatedPath"/>) on.
    /// </summary>
    public static IReadOnlyList<BuildLogLine> Read(string path, long fromSequence = 1, int maxLines = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLines);
        var rotated = BuildLogWriter.RotatedPath(path);
        for (var attempt = 0; ; attempt++)
        {
            if (!File.Exists(rotated))
            {
                return ReadFile(path, fromSequence, maxLines);
            }

            var older = ReadFile(rotated, fromSequence, maxLines);
            var newer = older.Count >= maxLines ? [] : ReadFile(path, fromSequence, maxLines - older.Count);

            // A rotation between the two reads shows as a gap: read again (rotations are megabytes apart).
            var gap = older.Count > 0 && newer.Count > 0 && newer[0].Sequence != older[^1].Sequence + 1;
            if (!gap || attempt >= 2)
            {
                return [.. older, .. newer];
            }
        }
    }

    private static List<BuildLogLine> ReadFile(string path, long fromSequence, int maxLines)
    {
        var lines = new List<BuildLogLine>();
        if (!File.Exists(path))
        {
            return lines;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65536);
        var buffer = new byte[65536];
        var pending = new MemoryStream();
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            int newline;
            while ((newline = span.IndexOf((byte)'\n')) >= 0)
            {
                ReadOnlySpan<byte> lineBytes;
                if (pending.Length > 0)
                {
                    pending.Write(span[..newline]);
                    lineBytes = pending.GetBuffer().AsSpan(0, (int)pending.Length);
                }
                else
                {
                    lineBytes = span[..newline];
                }

                if (SequenceOf(lineBytes) >= fromSequence && BuildLogLine.TryParse(Encoding.UTF8.GetString(lineBytes), out var line))
                {
                    lines.Add(line!);
                    if (lines.Count >= maxLines)
                    {
                        return lines;
                    }
                }

                pending.SetLength(0);
                span = span[(newline + 1)..];
            }

            pending.Write(span);
        }

        return lines;
    }

    private static long SequenceOf(ReadOnlySpan<byte> line)
    {
        long value = 0;
        foreach (var b in line)
        {
            if (b == '\t')
            {
                return value;
            }

            if (b is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }

            value = (value * 10) + (b - '0');
        }

        return -1;
    }
}
