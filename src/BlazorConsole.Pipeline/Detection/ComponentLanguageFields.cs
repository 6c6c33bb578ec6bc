using BlazorConsole.Data;
using BlazorConsole.Domain.Components;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Pipeline.Detection;

/// <summary>
/// The language columns of a component: the language people chose (read by every build) and the last detection
/// (written by a finished build and by the host's re-detect), so both writers store a detection the same way.
/// </summary>
public static class ComponentLanguageFields
{
    /// <summary>The language a build is told to use: the one chosen on the component, else null (detect).</summary>
    public static AppLanguage? Chosen(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return Parse(component.LanguageOverride);
    }

    /// <summary>
    /// Stores what a finished build detected on its component (tracked by <paramref name="db"/>; the caller saves), unless
    /// a detection newer than the build's start is stored already (a re-detect while it ran).
    /// </summary>
    public static async Task RecordBuildDetectionAsync(ConsoleDbContext db, Guid componentId, BuildResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Detected is not { } detected || result.CommitSha is null)
        {
            return;
        }

        var component = await db.Components.FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
        if (component is null || component.LanguageDetectedAt > result.StartedAt)
        {
            return;
        }

        Record(component, detected, result.CommitSha, result.FinishedAt);
    }

    /// <summary>Stores a detection (null <paramref name="match"/>: nothing matched) of <paramref name="commitSha"/>.</summary>
    public static void Record(Component component, LanguageMatch? match, string commitSha, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(component);
        component.DetectedLanguage = match?.Language.ToString();
        var evidence = match?.Evidence;
        component.DetectedLanguageEvidence = evidence is null || evidence.Length <= 260 ? evidence : evidence[..260];
        component.LanguageDetectedCommitSha = commitSha;
        component.LanguageDetectedAt = at;
    }

    /// <summary>A stored language name; null when empty or not one of <see cref="AppLanguage"/>.</summary>
    public static AppLanguage? Parse(string? name) =>
        Enum.TryParse<AppLanguage>(name, ignoreCase: false, out var language) && Enum.IsDefined(language) ? language : null;
}
