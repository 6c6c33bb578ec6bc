using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Webhooks;

namespace BlazorConsole.Domain.Triggers;

/// <summary>What the rules need to know about a component.</summary>
public sealed record TriggerSettings(
    bool WebhookEnabled,
    string? Branch,
    string? RefPattern,
    string TriggerKeyword,
    bool KeywordInAnyCommit,
    ComponentEnvironment Environment,
    bool RequireApproval)
{
    public static TriggerSettings Of(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return new(component.WebhookEnabled, component.Branch, component.RefPattern, component.TriggerKeyword,
            component.KeywordInAnyCommit, component.Environment, component.RequireApproval);
    }

    /// <summary>Words for the Build Source panel: "a push to main whose commit message contains @deploy builds".</summary>
    public string Describe()
    {
        var target = !string.IsNullOrEmpty(RefPattern) ? $"a push to a ref matching {RefPattern}"
            : !string.IsNullOrEmpty(Branch) ? (RefMatcher.IsGlob(Branch) ? $"a push to a branch matching {Branch}" : $"a push to {Branch}")
            : "a push to any branch";
        var keyword = string.IsNullOrEmpty(TriggerKeyword)
            ? "builds"
            : $"whose {(KeywordInAnyCommit ? "commit messages contain" : "head commit message contains")} {TriggerKeyword} builds";
        var approval = Environment == ComponentEnvironment.Production && RequireApproval ? ", after a team admin approves it" : "";
        return $"{Char.ToUpperInvariant(target[0])}{target[1..]} {keyword}{approval}.";
    }
}

/// <summary>What the rules need to know about a push.</summary>
public sealed record PushFacts(string Ref, bool Deleted, string? HeadCommitMessage, IReadOnlyList<string> CommitMessages);

public sealed record TriggerDecision(WebhookDecision Decision, SkipReason? Reason, string Explanation)
{
    public bool Builds => Decision is WebhookDecision.Triggered or WebhookDecision.AwaitingApproval;
}

/// <summary>
/// Decides whether a push builds a component. Pure: same inputs, same answer; every "no" says why in words
/// a person can act on.
/// </summary>
public static class TriggerRules
{
    public static readonly IReadOnlyList<string> SkipMarkers = ["[skip ci]", "[ci skip]", "[skip deploy]"];

    public static TriggerDecision Evaluate(TriggerSettings settings, PushFacts push)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(push);
        var name = RefMatcher.ShortName(push.Ref);
        var kind = RefMatcher.KindOf(push.Ref);

        if (!settings.WebhookEnabled)
        {
            return Skip(SkipReason.WebhookDisabled, "the Git-Webhook switch of this component is off");
        }

        if (push.Deleted)
        {
            return Skip(SkipReason.RefDeleted, $"{(kind == RefKind.Tag ? "tag" : "branch")} {name} was deleted");
        }

        if (!RefMatches(settings, push.Ref))
        {
            var tracked = !string.IsNullOrEmpty(settings.RefPattern) ? $"refs matching {settings.RefPattern}"
                : string.IsNullOrEmpty(settings.Branch) ? "branches" : settings.Branch;
            var what = kind == RefKind.Tag ? $"tag {name}" : kind == RefKind.Branch ? name : push.Ref;
            return Skip(SkipReason.BranchMismatch, $"push to {what}; this component tracks {tracked}");
        }

        var head = push.HeadCommitMessage ?? "";
        if (SkipMarkers.FirstOrDefault(marker => head.Contains(marker, StringComparison.OrdinalIgnoreCase)) is { } found)
        {
            return Skip(SkipReason.SkipMarker, $"commit message contains {found}");
        }

        if (!string.IsNullOrEmpty(settings.TriggerKeyword))
        {
            var messages = settings.KeywordInAnyCommit ? push.CommitMessages.Append(head) : [head];
            if (!messages.Any(m => m.Contains(settings.TriggerKeyword, StringComparison.OrdinalIgnoreCase)))
            {
                return Skip(SkipReason.KeywordMissing, settings.KeywordInAnyCommit
                    ? $"no commit message of this push has {settings.TriggerKeyword}"
                    : $"commit message has no {settings.TriggerKeyword}");
            }
        }

        return settings.Environment == ComponentEnvironment.Production && settings.RequireApproval
            ? new TriggerDecision(WebhookDecision.AwaitingApproval, null, "builds after a team admin approves it (Production)")
            : new TriggerDecision(WebhookDecision.Triggered, null, "build queued");
    }

    public static bool RefMatches(TriggerSettings settings, string fullRef)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrEmpty(settings.RefPattern))
        {
            return RefMatcher.GlobMatches(settings.RefPattern, fullRef);
        }

        if (RefMatcher.KindOf(fullRef) != RefKind.Branch)
        {
            return false;
        }

        return string.IsNullOrEmpty(settings.Branch) || RefMatcher.GlobMatches(settings.Branch, RefMatcher.ShortName(fullRef));
    }

    private static TriggerDecision Skip(SkipReason reason, string explanation) => new(WebhookDecision.Skipped, reason, explanation);
}
