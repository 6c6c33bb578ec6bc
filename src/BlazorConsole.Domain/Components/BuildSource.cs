using BlazorConsole.Domain.Teams;

namespace BlazorConsole.Domain.Components;

/// <summary>
/// The rules of a component's build source that the UI proposes and the API enforces: which refs it follows, the
/// environment a branch suggests, the keyword and approval that environment comes with. Pages and endpoints ask here
/// instead of each holding a copy.
/// </summary>
public static class BuildSource
{
    public const int KeywordMaxLength = 100;

    /// <summary>
    /// The seed's best practice, proposed from the branch: main/master are Production, test/staging are Test, anything
    /// else is Development.
    /// </summary>
    public static ComponentEnvironment ProposedEnvironment(string? branch) => branch switch
    {
        "main" or "master" => ComponentEnvironment.Production,
        "test" or "staging" => ComponentEnvironment.Test,
        _ => ComponentEnvironment.Development,
    };

    /// <summary>Development builds every push; Test and Production only commits that carry <see cref="Component.DefaultTriggerKeyword"/>.</summary>
    public static string ProposedKeyword(ComponentEnvironment environment) =>
        environment == ComponentEnvironment.Development ? "" : Component.DefaultTriggerKeyword;

    /// <summary>Production builds wait for a team admin unless the request says otherwise.</summary>
    public static bool ProposedApproval(ComponentEnvironment environment) => environment == ComponentEnvironment.Production;

    /// <summary>The ref a new component follows: the repository's default branch, else its first branch.</summary>
    public static string? DefaultRef(string? defaultBranch, IEnumerable<string> branches) =>
        string.IsNullOrWhiteSpace(defaultBranch) ? branches.FirstOrDefault() : defaultBranch;

    /// <summary>A tag chosen as an example becomes the family it belongs to: <c>v1.4.2</c> → <c>v*</c>, <c>release-2.0</c> → <c>release-*</c>.</summary>
    public static string TagPatternFrom(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return tag.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.') + "*";
    }

    /// <summary>A component name proposed from a repository name (a DNS label; never the reserved <c>team-</c> prefix).</summary>
    public static string ComponentNameFrom(string repositoryName)
    {
        var slug = TeamSlug.FromDisplayName(repositoryName);
        return slug.StartsWith("team-", StringComparison.Ordinal) ? "app-" + slug[5..] : slug[..Math.Min(slug.Length, ComponentName.MaxLength)];
    }

    /// <summary>Null when the branch and ref pattern are usable; else what to fix.</summary>
    public static string? ValidateRefs(string? branch, string? refPattern)
    {
        if (!string.IsNullOrWhiteSpace(refPattern) && !refPattern.Trim().StartsWith("refs/", StringComparison.Ordinal))
        {
            return "A ref pattern is a glob over the full ref, e.g. refs/heads/release/* or refs/tags/v*.";
        }

        if (!string.IsNullOrWhiteSpace(branch) && (branch.Trim().StartsWith("refs/", StringComparison.Ordinal) || branch.Contains(' ', StringComparison.Ordinal) || branch.Length > 250))
        {
            return "A branch is a plain branch name such as main or feature/x (use the ref pattern for full refs).";
        }

        return null;
    }

    public static string? ValidateKeyword(string? keyword) =>
        keyword is { Length: > KeywordMaxLength } ? $"The trigger keyword has at most {KeywordMaxLength} characters." : null;

    public static string? ValidateEnvironment(ComponentEnvironment? environment) =>
        environment is { } value && !Enum.IsDefined(value) ? "Environment must be Development, Test or Production." : null;
}
