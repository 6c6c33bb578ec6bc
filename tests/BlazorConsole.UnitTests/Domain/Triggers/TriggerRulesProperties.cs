using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Domain.Webhooks;
using CsCheck;

namespace BlazorConsole.UnitTests.Domain.Triggers;

/// <summary>Properties that hold for every branch name, pattern and message, checked on generated inputs.</summary>
public class TriggerRulesProperties
{
    private static readonly Gen<string> Segment = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_."].Array[1, 10].Select(c => new string(c));
    private static readonly Gen<string> BranchName = Segment.Array[1, 4].Select(parts => string.Join('/', parts));
    private static readonly Gen<string> Message = Gen.Char["abcdefghijklmnopqrstuvwxyz ABC\n#:-"].Array[0, 60].Select(c => new string(c));
    private static readonly Gen<string> Keyword = Gen.Char["abcdefghijklmnopqrstuvwxyz@#!"].Array[2, 10].Select(c => "@" + new string(c));
    private static readonly Gen<ComponentEnvironment> Environment = Gen.Enum<ComponentEnvironment>();

    private static TriggerSettings Settings(string branch, string keyword, ComponentEnvironment environment = ComponentEnvironment.Development) =>
        new(true, branch, null, keyword, false, environment, false);

    [Fact]
    public void A_plain_branch_matches_exactly_itself() =>
        Gen.Select(BranchName, BranchName).Sample((tracked, pushed) =>
            TriggerRules.RefMatches(Settings(tracked, ""), "refs/heads/" + pushed) == (tracked == pushed));

    [Fact]
    public void Tags_never_match_a_branch_setting() =>
        BranchName.Sample(name => !TriggerRules.RefMatches(Settings(name, ""), "refs/tags/" + name));

    [Fact]
    public void A_star_matches_one_segment_and_a_double_star_any_depth() =>
        Gen.Select(BranchName, Segment, BranchName).Sample((prefix, one, deeper) =>
            RefMatcher.GlobMatches(prefix + "/*", prefix + "/" + one)
            && !RefMatcher.GlobMatches(prefix + "/*", prefix + "/" + one + "/" + deeper)
            && RefMatcher.GlobMatches(prefix + "/**", prefix + "/" + one + "/" + deeper));

    [Fact]
    public void Deleted_refs_never_build_whatever_the_settings() =>
        Gen.Select(BranchName, Message, Gen.Bool, Environment).Sample((branch, message, withKeyword, environment) =>
            !TriggerRules.Evaluate(Settings(branch, withKeyword ? "@deploy" : "", environment), new PushFacts("refs/heads/" + branch, true, message, [message])).Builds);

    [Fact]
    public void A_skip_marker_anywhere_in_the_head_message_wins() =>
        Gen.Select(BranchName, Message, Message, Gen.OneOf(TriggerRules.SkipMarkers.ToArray())).Sample((branch, before, after, marker) =>
        {
            var message = before + marker.ToUpperInvariant() + " @deploy " + after;
            var decision = TriggerRules.Evaluate(Settings(branch, "@deploy"), new PushFacts("refs/heads/" + branch, false, message, [message]));
            return decision.Reason == SkipReason.SkipMarker;
        });

    [Fact]
    public void The_keyword_decides_when_branch_matches_and_no_marker() =>
        Gen.Select(BranchName, Message, Keyword, Gen.Bool).Sample((branch, message, keyword, include) =>
        {
            if (TriggerRules.SkipMarkers.Any(m => message.Contains(m, StringComparison.OrdinalIgnoreCase)) || message.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true; // Generated text happened to contain a marker or the keyword: outside this property.
            }

            var head = include ? message[..(message.Length / 2)] + keyword + message[(message.Length / 2)..] : message;
            var decision = TriggerRules.Evaluate(Settings(branch, keyword), new PushFacts("refs/heads/" + branch, false, head, [head]));
            return include ? decision.Decision == WebhookDecision.Triggered : decision.Reason == SkipReason.KeywordMissing;
        });

    [Fact]
    public void An_empty_keyword_builds_every_matching_push() =>
        Gen.Select(BranchName, Message).Sample((branch, message) =>
            TriggerRules.SkipMarkers.Any(m => message.Contains(m, StringComparison.OrdinalIgnoreCase))
            || TriggerRules.Evaluate(Settings(branch, ""), new PushFacts("refs/heads/" + branch, false, message, [message])).Builds);

    [Fact]
    public void Webhook_off_never_builds() =>
        Gen.Select(BranchName, Message).Sample((branch, message) =>
            TriggerRules.Evaluate(Settings(branch, "") with { WebhookEnabled = false }, new PushFacts("refs/heads/" + branch, false, message, [message])).Reason == SkipReason.WebhookDisabled);
}
