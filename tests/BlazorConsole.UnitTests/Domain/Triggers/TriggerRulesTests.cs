using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Domain.Webhooks;

namespace BlazorConsole.UnitTests.Domain.Triggers;

public class TriggerRulesTests
{
    private static readonly TriggerSettings MainWithKeyword = new(true, "main", null, "@deploy", false, ComponentEnvironment.Development, false);

    private static PushFacts Push(string @ref, string message, bool deleted = false, params string[] others) =>
        new(@ref, deleted, message, [.. others, message]);

    [Fact]
    public void A_push_to_the_tracked_branch_with_the_keyword_builds()
    {
        var decision = TriggerRules.Evaluate(MainWithKeyword, Push("refs/heads/main", "Fix login @deploy"));
        Assert.Equal(WebhookDecision.Triggered, decision.Decision);
        Assert.True(decision.Builds);
    }

    [Fact]
    public void Without_the_keyword_the_reason_names_it()
    {
        var decision = TriggerRules.Evaluate(MainWithKeyword, Push("refs/heads/main", "Fix login"));
        Assert.Equal((WebhookDecision.Skipped, SkipReason.KeywordMissing), (decision.Decision, decision.Reason));
        Assert.Equal("commit message has no @deploy", decision.Explanation);
    }

    [Fact]
    public void Another_branch_is_explained_with_both_branch_names()
    {
        var decision = TriggerRules.Evaluate(MainWithKeyword, Push("refs/heads/develop", "x @deploy"));
        Assert.Equal(SkipReason.BranchMismatch, decision.Reason);
        Assert.Equal("push to develop; this component tracks main", decision.Explanation);
    }

    [Fact]
    public void Branch_names_keep_their_slashes()
    {
        var settings = MainWithKeyword with { Branch = "feature/login" };
        Assert.True(TriggerRules.Evaluate(settings, Push("refs/heads/feature/login", "@deploy")).Builds);
        Assert.False(TriggerRules.Evaluate(settings, Push("refs/heads/feature/login2", "@deploy")).Builds);
    }

    [Theory]
    [InlineData("release/*", "refs/heads/release/1.0", true)]
    [InlineData("release/*", "refs/heads/release/1.0/hotfix", false)]
    [InlineData("release/**", "refs/heads/release/1.0/hotfix", true)]
    [InlineData("release/*", "refs/tags/release/1.0", false)]
    [InlineData("v?", "refs/heads/v1", true)]
    [InlineData("v?", "refs/heads/v10", false)]
    public void Branch_globs(string branch, string @ref, bool builds) =>
        Assert.Equal(builds, TriggerRules.Evaluate(MainWithKeyword with { Branch = branch, TriggerKeyword = "" }, Push(@ref, "x")).Builds);

    [Theory]
    [InlineData("refs/tags/v*", "refs/tags/v1.2.0", true)]
    [InlineData("refs/tags/v*", "refs/tags/1.2.0", false)]
    [InlineData("refs/tags/v*", "refs/heads/v1", false)]
    [InlineData("refs/heads/release/*", "refs/heads/release/2", true)]
    public void Ref_patterns_take_precedence_and_select_tags(string pattern, string @ref, bool builds)
    {
        var settings = MainWithKeyword with { RefPattern = pattern, TriggerKeyword = "" };
        Assert.Equal(builds, TriggerRules.Evaluate(settings, Push(@ref, "Release")).Builds);
    }

    [Fact]
    public void A_tag_never_matches_a_branch_setting_and_is_called_a_tag()
    {
        var decision = TriggerRules.Evaluate(MainWithKeyword, Push("refs/tags/main", "@deploy"));
        Assert.Equal("push to tag main; this component tracks main", decision.Explanation);
    }

    [Theory]
    [InlineData("[skip ci] @deploy", "[skip ci]")]
    [InlineData("@deploy [CI SKIP]", "[ci skip]")]
    [InlineData("docs only [skip deploy] @deploy", "[skip deploy]")]
    public void Skip_markers_win_over_the_keyword(string message, string marker)
    {
        var decision = TriggerRules.Evaluate(MainWithKeyword, Push("refs/heads/main", message));
        Assert.Equal(SkipReason.SkipMarker, decision.Reason);
        Assert.Contains(marker, decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleted_refs_never_build()
    {
        var decision = TriggerRules.Evaluate(MainWithKeyword with { TriggerKeyword = "" }, Push("refs/heads/main", "", deleted: true));
        Assert.Equal(SkipReason.RefDeleted, decision.Reason);
        Assert.Equal("branch main was deleted", decision.Explanation);
    }

    [Fact]
    public void Switched_off_webhook_records_but_does_not_build()
    {
        var decision = TriggerRules.Evaluate(MainWithKeyword with { WebhookEnabled = false }, Push("refs/heads/main", "@deploy"));
        Assert.Equal(SkipReason.WebhookDisabled, decision.Reason);
    }

    [Fact]
    public void Keyword_in_an_earlier_commit_counts_only_when_asked()
    {
        var push = Push("refs/heads/main", "tidy up", false, "feature done @deploy");
        Assert.Equal(SkipReason.KeywordMissing, TriggerRules.Evaluate(MainWithKeyword, push).Reason);
        Assert.True(TriggerRules.Evaluate(MainWithKeyword with { KeywordInAnyCommit = true }, push).Builds);
    }

    [Fact]
    public void Production_with_approval_waits_for_a_team_admin()
    {
        var production = MainWithKeyword with { Environment = ComponentEnvironment.Production, RequireApproval = true };
        Assert.Equal(WebhookDecision.AwaitingApproval, TriggerRules.Evaluate(production, Push("refs/heads/main", "@deploy")).Decision);
        Assert.Equal(WebhookDecision.Triggered, TriggerRules.Evaluate(production with { RequireApproval = false }, Push("refs/heads/main", "@deploy")).Decision);
    }

    [Fact]
    public void The_rules_read_as_a_sentence()
    {
        Assert.Equal("A push to main whose head commit message contains @deploy builds.", MainWithKeyword.Describe());
        Assert.Equal("A push to a ref matching refs/tags/v* builds, after a team admin approves it.",
            (MainWithKeyword with { RefPattern = "refs/tags/v*", TriggerKeyword = "", Environment = ComponentEnvironment.Production, RequireApproval = true }).Describe());
    }
}
