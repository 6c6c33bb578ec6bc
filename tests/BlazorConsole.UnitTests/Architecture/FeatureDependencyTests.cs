using NetArchTest.Rules;
using BlazorConsole.Application.Components;

namespace BlazorConsole.UnitTests.Architecture;

/// <summary>
/// Web's feature folders form a ladder: a feature uses only the features below it, so none of them call each other in
/// circles and each can be read (and moved) on its own. Where a lower feature needs a higher one, it owns a port that
/// the higher one implements (Components' <c>IFirstBuildRequester</c>, implemented by Builds).
/// </summary>
public class FeatureDependencyTests
{
    private const string Features = "BlazorConsole.Web.Features.";

    /// <summary>Bottom first. ComponentDetail composes the component page's tabs from the features below it.</summary>
    private static readonly string[] Ladder =
    [
        "Api", "Health", "Tokens", "Accounts", "GitProviders", "PersonalCenter", "Platform",
        "Components", "Teams", "Dashboard", "Webhooks", "Builds", "Releases", "ComponentDetail",
    ];

    public static TheoryData<string> Rungs => [.. Ladder];

    [Theory]
    [MemberData(nameof(Rungs))]
    public void A_feature_uses_only_the_features_below_it(string feature)
    {
        var above = Ladder.SkipWhile(f => f != feature).Skip(1).Select(f => Features + f).ToArray();
        if (above.Length == 0)
        {
            return;
        }

        var result = Types.InAssembly(typeof(Program).Assembly)
            .That().ResideInNamespace(Features + feature)
            .ShouldNot().HaveDependencyOnAny(above)
            .GetResult();

        Assert.True(result.IsSuccessful,
            $"Features/{feature} must not use {string.Join(", ", above.Select(a => a[Features.Length..]))}; these types do: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Every_feature_folder_has_its_rung()
    {
        // A new feature folder must be placed on the ladder, or its dependencies would go unchecked.
        var folders = typeof(Program).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(Features, StringComparison.Ordinal))
            .Select(ns => ns[Features.Length..].Split('.')[0])
            .Distinct()
            .Order();
        Assert.Equal(Ladder.Order(), folders);
    }
}
