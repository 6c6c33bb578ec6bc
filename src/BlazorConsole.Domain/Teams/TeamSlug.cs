using System.Text.RegularExpressions;

namespace BlazorConsole.Domain.Teams;

/// <summary>Rules for team slugs: they appear in URLs and API paths, so they stay short and plain.</summary>
public static partial class TeamSlug
{
    public const int MaxLength = 40;

    /// <summary>Returns null when <paramref name="slug"/> is valid, otherwise a sentence saying what is wrong.</summary>
    public static string? Validate(string? slug)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            return "A team name is required.";
        }

        if (slug.Length > MaxLength)
        {
            return $"A team name has at most {MaxLength} characters.";
        }

        return Pattern().IsMatch(slug)
            ? null
            : "Use lower-case letters, digits and single hyphens, starting with a letter (e.g. 'payments-api').";
    }

    /// <summary>Suggests a slug from a free-form display name ("Payments API" → "payments-api").</summary>
    public static string FromDisplayName(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var lowered = NonSlugCharacters().Replace(displayName.Trim().ToLowerInvariant(), "-").Trim('-');
        var collapsed = RepeatedHyphens().Replace(lowered, "-");
        if (collapsed.Length > MaxLength)
        {
            collapsed = collapsed[..MaxLength].TrimEnd('-');
        }

        return collapsed.Length > 0 && char.IsAsciiLetterLower(collapsed[0]) ? collapsed : "team-" + collapsed;
    }

    [GeneratedRegex("^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonSlugCharacters();

    [GeneratedRegex("-{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatedHyphens();
}
