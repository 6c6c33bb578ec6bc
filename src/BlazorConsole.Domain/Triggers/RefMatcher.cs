using System.Text;
using System.Text.RegularExpressions;

namespace BlazorConsole.Domain.Triggers;

/// <summary>
/// Git ref names and glob patterns. <c>*</c> matches within one path segment, <c>**</c> across segments,
/// <c>?</c> one character; everything else is literal. Matching is case-sensitive, like Git.
/// </summary>
public static class RefMatcher
{
    public const string BranchPrefix = "refs/heads/";
    public const string TagPrefix = "refs/tags/";

    public static bool IsGlob(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool GlobMatches(string pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        return IsGlob(pattern)
            ? Regex.IsMatch(value, ToRegex(pattern), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))
            : string.Equals(pattern, value, StringComparison.Ordinal);
    }

    public static RefKind KindOf(string fullRef) =>
        fullRef.StartsWith(BranchPrefix, StringComparison.Ordinal) ? RefKind.Branch
        : fullRef.StartsWith(TagPrefix, StringComparison.Ordinal) ? RefKind.Tag
        : RefKind.Other;

    /// <summary><c>refs/heads/feature/x</c> → <c>feature/x</c>; other refs are returned whole.</summary>
    public static string ShortName(string fullRef) => KindOf(fullRef) switch
    {
        RefKind.Branch => fullRef[BranchPrefix.Length..],
        RefKind.Tag => fullRef[TagPrefix.Length..],
        _ => fullRef,
    };

    private static string ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.Append('$').ToString();
    }
}

public enum RefKind
{
    Branch,
    Tag,
    Other,
}
