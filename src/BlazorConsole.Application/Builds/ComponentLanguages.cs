using System.Collections.Concurrent;
using System.Globalization;
using BlazorConsole.Data;
using BlazorConsole.Domain.Events;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Builds;

/// <summary>
/// A component's language as the API and pages show it: what the last detection found (a finished build or a
/// re-detect), the language people chose instead (if any), and the one the next build uses.
/// </summary>
/// <param name="Language">What the next build uses: the chosen language, else the detected one; null = not known yet.</param>
/// <param name="Chosen">True when <paramref name="Language"/> was chosen by people rather than detected.</param>
/// <param name="Evidence">The file that decided the detected language (<c>package.json</c>, ...).</param>
/// <param name="Summary">One line for people: "Node.js (detected from abc1234 on 2026-11-28 10:15 UTC)".</param>
public sealed record ComponentLanguageView(
    Guid ComponentId,
    AppLanguage? Language,
    string? LanguageName,
    bool Chosen,
    AppLanguage? Detected,
    string? DetectedName,
    string? Evidence,
    string? DetectedCommitSha,
    DateTimeOffset? DetectedAt,
    AppLanguage? Override,
    string Summary);

/// <summary><c>PUT /api/v1/components/{id}/language</c>: the language builds use; null = detect automatically.</summary>
public sealed record SetComponentLanguageRequest(AppLanguage? Language);

/// <summary>
/// Reads, re-detects and overrides a component's language. Re-detect checks out the head of the component's branch
/// (through the cached mirror, with the credentials a build would use) into a temporary directory under the data
/// directory's <c>work/</c> folder, runs <see cref="LanguageDetector"/> on it and deletes it again.
/// Callers authorize; this class enforces the data rules.
/// </summary>
internal sealed partial class ComponentLanguages(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    GitCheckout checkout,
    PipelinePaths paths,
    BuildCredentials credentialSource,
    IConsoleEventStream events,
    AuditTrail audit,
    IOptions<BuildsOptions> options,
    TimeProvider time,
    ILogger<ComponentLanguages> logger)
{
    public const string AuditChanged = "component-language-changed";

    private readonly ConcurrentDictionary<Guid, bool> detecting = new();

    public async Task<ComponentLanguageView?> FindAsync(Guid componentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var component = await db.Components.AsNoTracking().FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
        return component is null ? null : ToView(component);
    }

    /// <summary>Checks out the head of the component's branch, detects its language and stores it.</summary>
    /// <returns>A failure whose error says why in words (checkout refused, no branch to look at, ...).</returns>
    public async Task<(ChangeResult Result, ComponentLanguageView? Language)> DetectAsync(Guid componentId, CancellationToken cancellationToken = default)
    {
        if (!detecting.TryAdd(componentId, true))
        {
            return (ChangeResult.Fail("A detection is already running for this component; wait for its result."), null);
        }

        try
        {
            return await DetectOnceAsync(componentId, cancellationToken);
        }
        finally
        {
            detecting.TryRemove(componentId, out _);
        }
    }

    private async Task<(ChangeResult Result, ComponentLanguageView? Language)> DetectOnceAsync(Guid componentId, CancellationToken cancellationToken)
    {
        Component? component;
        string? latestRef;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            component = await db.Components.AsNoTracking().FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
            if (component is null)
            {
                return (ChangeResult.Missing("There is no such component."), null);
            }

            latestRef = await db.Builds.Where(b => b.ComponentId == componentId).OrderByDescending(b => b.Id).Select(b => b.Ref).FirstOrDefaultAsync(cancellationToken);
        }

        // The tracked branch; a component that builds from a pattern looks at the ref its latest build came from.
        var gitRef = component.RefPattern is null && component.Branch is { Length: > 0 } branch && !RefMatcher.IsGlob(branch)
            ? RefMatcher.BranchPrefix + branch
            : latestRef;
        if (gitRef is null)
        {
            return (ChangeResult.Fail($"This component builds from a pattern ({component.RefPattern ?? component.Branch}), not one branch, "
                + "and has no build yet to take a ref from: build it once, or choose the language by hand."), null);
        }

        var (credentials, credentialsNote) = await credentialSource.ForAsync(component, cancellationToken);
        var directory = Path.Combine(paths.WorkDirectory, "detect-" + Guid.NewGuid().ToString("N"));
        using var deadline = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        CheckoutResult commit;
        DetectionResult detection;
        try
        {
            commit = await checkout.CheckoutAsync(new CheckoutRequest(component.GitUrl, directory, Ref: gitRef, Credentials: credentials), null, linked.Token);
            detection = LanguageDetector.Detect(commit.Directory);
        }
        catch (GitCheckoutException ex)
        {
            var hint = ex.Failure is GitCheckoutFailure.AuthenticationFailed or GitCheckoutFailure.RepositoryNotFound ? $" {credentialsNote}." : "";
            return (ChangeResult.Fail($"The language could not be detected: {ex.Message}{hint}"), null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (ChangeResult.Fail($"The language could not be detected: checking out {gitRef} took longer than {options.Value.Timeout.TotalMinutes:0.#} minutes."), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LibGit2Sharp.LibGit2SharpException)
        {
            LogDetectError(logger, ex, componentId);
            return (ChangeResult.Fail($"The language could not be detected: checking out {gitRef} failed ({ex.GetType().Name}). The console's log has the details."), null);
        }
        finally
        {
            ScratchDirectory.TryDelete(directory);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var row = await db.Components.FirstOrDefaultAsync(c => c.Id == componentId, CancellationToken.None);
            if (row is null)
            {
                return (ChangeResult.Missing("There is no such component."), null);
            }

            ComponentLanguageFields.Record(row, detection.Primary, commit.CommitSha, time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            LogDetected(logger, componentId, detection.Primary, commit.CommitSha);
            events.Publish(new ComponentLanguageChanged(componentId, row.DetectedLanguage));
            return (ChangeResult.Ok, ToView(row));
        }
    }

    /// <summary>Sets the language builds use (audited); null goes back to the detected one.</summary>
    public async Task<(ChangeResult Result, ComponentLanguageView? Language)> SetOverrideAsync(
        Guid componentId, AppLanguage? language, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        if (language is { } chosen && !Enum.IsDefined(chosen))
        {
            return (ChangeResult.Fail($"Language must be one of {string.Join(", ", Enum.GetNames<AppLanguage>())}, or null to detect it."), null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var component = await db.Components.FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
        if (component is null)
        {
            return (ChangeResult.Missing("There is no such component."), null);
        }

        var value = language?.ToString();
        if (value != component.LanguageOverride)
        {
            component.LanguageOverride = value;
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(AuditChanged, actorUserId, actorName, $"{component.Name} ({component.Id})",
                language is { } l ? $"language={l.DisplayName()}" : "language=detect automatically", cancellationToken: cancellationToken);
            events.Publish(new ComponentLanguageChanged(componentId, value));
        }

        return (ChangeResult.Ok, ToView(component));
    }

    internal static ComponentLanguageView ToView(Component component)
    {
        var detected = ComponentLanguageFields.Parse(component.DetectedLanguage);
        var chosen = ComponentLanguageFields.Parse(component.LanguageOverride);
        var language = chosen ?? detected;
        return new ComponentLanguageView(
            component.Id, language, language?.DisplayName(), chosen is not null, detected, detected?.DisplayName(), component.DetectedLanguageEvidence,
            component.LanguageDetectedCommitSha, component.LanguageDetectedAt, chosen, Describe(component, detected, chosen));
    }

    private static string Describe(Component component, AppLanguage? detected, AppLanguage? chosen)
    {
        var when = component.LanguageDetectedAt is { } at
            ? $"{(component.LanguageDetectedCommitSha is { Length: > 0 } sha ? $" from {sha[..Math.Min(7, sha.Length)]}" : "")} on {at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}"
            : null;
        var detection = when is null ? "not detected yet"
            : detected is not null ? $"detected{when}" : $"no language detected{when}";
        return chosen is { } c
            ? $"{c.DisplayName()} (chosen; {(detected is { } found ? $"{found.DisplayName()} {detection}" : detection)})"
            : detected is { } language ? $"{language.DisplayName()} ({detection})" : detection[..1].ToUpperInvariant() + detection[1..];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentId}: language re-detected as {Language} at {CommitSha}")]
    private static partial void LogDetected(ILogger logger, Guid componentId, LanguageMatch? language, string commitSha);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentId}: re-detecting the language failed")]
    private static partial void LogDetectError(ILogger logger, Exception exception, Guid componentId);
}
