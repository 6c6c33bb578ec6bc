using BlazorConsole.Domain.Components;

namespace BlazorConsole.UnitTests.Domain.Components;

public class BuildSourceTests
{
    [Theory]
    [InlineData("main", ComponentEnvironment.Production)]
    [InlineData("master", ComponentEnvironment.Production)]
    [InlineData("staging", ComponentEnvironment.Test)]
    [InlineData("test", ComponentEnvironment.Test)]
    [InlineData("develop", ComponentEnvironment.Development)]
    [InlineData("feature/main", ComponentEnvironment.Development)]
    [InlineData(null, ComponentEnvironment.Development)]
    public void Proposes_the_environment_from_the_branch(string? branch, ComponentEnvironment expected) =>
        Assert.Equal(expected, BuildSource.ProposedEnvironment(branch));

    [Fact]
    public void Development_builds_every_push_while_test_and_production_need_the_keyword_and_production_an_approval()
    {
        Assert.Equal("", BuildSource.ProposedKeyword(ComponentEnvironment.Development));
        Assert.Equal(Component.DefaultTriggerKeyword, BuildSource.ProposedKeyword(ComponentEnvironment.Test));
        Assert.Equal(Component.DefaultTriggerKeyword, BuildSource.ProposedKeyword(ComponentEnvironment.Production));
        Assert.False(BuildSource.ProposedApproval(ComponentEnvironment.Test));
        Assert.True(BuildSource.ProposedApproval(ComponentEnvironment.Production));
    }

    [Fact]
    public void The_default_ref_is_the_repository_default_branch_else_its_first_branch()
    {
        Assert.Equal("trunk", BuildSource.DefaultRef("trunk", ["a", "trunk"]));
        Assert.Equal("a", BuildSource.DefaultRef(null, ["a", "b"]));
        Assert.Equal("a", BuildSource.DefaultRef(" ", ["a"]));
        Assert.Null(BuildSource.DefaultRef(null, []));
    }

    [Theory]
    [InlineData("v1.4.2", "v*")]
    [InlineData("release-2.0", "release-*")]
    [InlineData("stable", "stable*")]
    public void A_tag_example_becomes_its_family(string tag, string pattern) => Assert.Equal(pattern, BuildSource.TagPatternFrom(tag));

    [Theory]
    [InlineData("My Service", "my-service")]
    [InlineData("team-tools", "app-tools")]
    public void Proposes_a_component_name_that_is_valid(string repository, string expected)
    {
        var proposed = BuildSource.ComponentNameFrom(repository);
        Assert.Equal(expected, proposed);
        Assert.Null(ComponentName.Validate(proposed));
    }

    [Fact]
    public void A_long_repository_name_is_cut_to_a_valid_component_name() =>
        Assert.Null(ComponentName.Validate(BuildSource.ComponentNameFrom(new string('a', 200))));

    [Theory]
    [InlineData("main", null, true)]
    [InlineData(null, "refs/tags/v*", true)]
    [InlineData(null, "v*", false)]
    [InlineData("refs/heads/main", null, false)]
    [InlineData("my branch", null, false)]
    public void Validates_branch_and_ref_pattern(string? branch, string? refPattern, bool valid) =>
        Assert.Equal(valid, BuildSource.ValidateRefs(branch, refPattern) is null);

    [Fact]
    public void Rejects_an_overlong_keyword_and_an_unknown_environment()
    {
        Assert.Null(BuildSource.ValidateKeyword(new string('k', BuildSource.KeywordMaxLength)));
        Assert.Contains("at most", BuildSource.ValidateKeyword(new string('k', BuildSource.KeywordMaxLength + 1)), StringComparison.Ordinal);
        Assert.Null(BuildSource.ValidateEnvironment(null));
        Assert.NotNull(BuildSource.ValidateEnvironment((ComponentEnvironment)42));
    }
}
