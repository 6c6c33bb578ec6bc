using System.Text.RegularExpressions;

namespace BlazorConsole.Web.Features.Builds.Logs;

/// <summary>A run of log text with the colour and weight the ANSI SGR codes before it asked for.</summary>
internal sealed record AnsiSpan(string Text, string? Color, bool Bold);

/// <summary>
/// Splits a log line at ANSI SGR sequences (<c>ESC[…m</c>) into styled spans, so npm/dotnet colours show as colours
/// instead of escape garbage. Other escape sequences (cursor movement) are dropped. Text stays text: rendered by Razor,
/// it is HTML-encoded, never markup.
/// </summary>
internal static partial class AnsiText
{
    private static readonly string[] Palette = ["#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5"];
    private static readonly string[] Bright = ["#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"];

    public static bool HasEscapes(string line) => line.Contains('\u001b', StringComparison.Ordinal);

    public static IReadOnlyList<AnsiSpan> Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var spans = new List<AnsiSpan>();
        string? color = null;
        var bold = false;
        var position = 0;
        foreach (Match match in Escape().Matches(line))
        {
            if (match.Index > position)
            {
                spans.Add(new AnsiSpan(line[position..match.Index], color, bold));
            }

            position = match.Index + match.Length;
            if (match.Groups["final"].Value != "m")
            {
                continue;
            }

            var codes = match.Groups["params"].Value.Split(';', StringSplitOptions.None);
            foreach (var code in codes)
            {
                var value = code.Length == 0 ? 0 : int.TryParse(code, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
                switch (value)
                {
                    case 0:
                        color = null;
                        bold = false;
                        break;
                    case 1:
                        bold = true;
                        break;
                    case 22:
                        bold = false;
                        break;
                    case 39:
                        color = null;
                        break;
                    case >= 30 and <= 37:
                        color = Palette[value - 30];
                        break;
                    case >= 90 and <= 97:
                        color = Bright[value - 90];
                        break;
                    default:
                        break; // backgrounds, 256 colours, underline: shown plain
                }
            }
        }

        if (position < line.Length)
        {
            spans.Add(new AnsiSpan(line[position..], color, bold));
        }

        return spans;
    }

    [GeneratedRegex(@"\u001b\[(?<params>[0-9;?]*)(?<final>[A-Za-z])")]
    private static partial Regex Escape();
}
