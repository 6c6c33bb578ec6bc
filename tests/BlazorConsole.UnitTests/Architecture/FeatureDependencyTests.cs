namespace BlazorConsole.UnitTests.Architecture;

/// <summary>
/// Web's feature folders form a ladder: a feature uses only the features below it, so none of them call each other in
/// circles and each can be read (and moved) on its own. Where a lower feature needs a higher one, it owns a port that
/// the higher one implements (Components' <c>IFirstBuildRequester</c>, implemented by Builds).
/// </summary>
public class FeatureDependencyTests
{
    /// <summary>Bottom first. ComponentDetail composes the component page's tabs from the features below it.</summary>
    private static readonly NamespaceLadder Features = new(typeof(Program).Assembly, "BlazorConsole.Web.Features.",
        "Api", "Health", "Tokens", "Accounts", "GitProviders", "PersonalCenter", "Platform",
        "Components", "Teams", "Dashboard", "Webhooks", "Builds", "Releases", "ComponentDetail");

    public static TheoryData<string> Rungs => [.. Features.Rungs];

    [Theory]
    [MemberData(nameof(Rungs))]
    public void A_feature_uses_only_the_features_below_it(string feature)
    {
        var (above, failing) = Features.UsesFromAbove(feature);
        Assert.True(failing.Count == 0, $"Features/{feature} must not use {string.Join(", ", above)}; these types do: {string.Join(", ", failing)}");
    }

    [Fact]
    public void Every_feature_folder_has_its_rung()
    {
        // A new feature folder must be placed on the ladder, or its dependencies would go unchecked.
        Assert.Equal(Features.Rungs.Order(), Features.NamespacesPresent());
    }
}
