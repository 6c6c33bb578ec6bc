using BlazorConsole.Domain.Teams;

namespace BlazorConsole.UnitTests.Domain.Teams;

public class TeamSlugTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("payments-api")]
    [InlineData("a1")]
    [InlineData("x")]
    public void Accepts_plain_lower_case_names(string slug) => Assert.Null(TeamSlug.Validate(slug));

    [Theory]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("Payments", "lower-case")]
    [InlineData("1team", "starting with a letter")]
    [InlineData("team-", "single hyphens")]
    [InlineData("te--am", "single hyphens")]
    [InlineData("team name", "lower-case")]
    [InlineData("team/../x", "lower-case")]
    public void Rejects_names_that_do_not_fit_in_a_url_with_a_reason(string slug, string reasonFragment)
    {
        var problem = TeamSlug.Validate(slug);
        Assert.NotNull(problem);
        Assert.Contains(reasonFragment, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rejects_names_longer_than_the_maximum()
    {
        Assert.Null(TeamSlug.Validate(new string('a', TeamSlug.MaxLength)));
        Assert.Contains("at most", TeamSlug.Validate(new string('a', TeamSlug.MaxLength + 1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Payments API", "payments-api")]
    [InlineData("  Front   End!! ", "front-end")]
    [InlineData("42 Crew", "team-42-crew")]
    [InlineData("Équipe Été", "quipe-t")]
    public void Suggests_a_valid_slug_from_a_display_name(string displayName, string expected)
    {
        var slug = TeamSlug.FromDisplayName(displayName);
        Assert.Equal(expected, slug);
        Assert.Null(TeamSlug.Validate(slug));
    }
}
