using System.Globalization;

namespace BlazorConsole.Pipeline.Logs;

/// <summary>One line of a build log: sequence number (from 1, no gaps), time written, redacted text.</summary>
public sealed record BuildLogLine(long Sequence, DateTimeOffset Time, string Text)
{
    /// <summary>The file format, one line each: <c>seq TAB ISO-8601 time TAB text</c>.</summary>
    public string ToFileLine() => string.Create(CultureInfo.InvariantCulture, $"{Sequence}\t{Time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\t{Text}\n");

    public static bool TryParse(ReadOnlySpan<char> line, out BuildLogLine? parsed)
    {
        parsed = null;
        var first = line.IndexOf('\t');
        if (first <= 0 || !long.TryParse(line[..first], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        var rest = line[(first + 1)..];
        var second = rest.IndexOf('\t');
        if (second <= 0 || !DateTimeOffset.TryParse(rest[..second], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }

        parsed = new BuildLogLine(sequence, time, rest[(second + 1)..].ToString());
        return true;
    }
}

/// <summary>Lines handed to a live subscriber; <see cref="Completed"/> is true on the last batch of a build.</summary>
public sealed record BuildLogBatch(string BuildKey, IReadOnlyList<BuildLogLine> Lines, bool Completed);
