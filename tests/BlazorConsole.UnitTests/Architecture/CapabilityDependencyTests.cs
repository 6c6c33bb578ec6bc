using BlazorConsole.Application.Components;
using NetArchTest.Rules;

namespace BlazorConsole.UnitTests.Architecture;

/// <summary>
/// Application's capabilities form a ladder like Web's features: a capability uses only the ones below it. Where a lower
/// one needs a higher one it owns a port the higher one implements (Components' <see cref="IFirstBuildRequester"/>,
/// implemented by Builds' <c>BuildActions</c>).
/// </summary>
public class CapabilityDependencyTests
{
    private const string Capabilities = "BlazorConsole.Application.";

    /// <summary>Bottom first.</summary>
    private static readonly string[] Ladder =
    [
        "Auditing", "Dashboard", "Teams", "Tokens", "GitProviders", "Components", "Webhooks", "Builds", "Releases",
    ];

    public static TheoryData<string> Rungs => [.. Ladder];

    [Theory]
    [MemberData(nameof(Rungs))]
    public void A_capability_uses_only_the_capabilities_below_it(string capability)
    {
        var above = Ladder.SkipWhile(c => c != capability).Skip(1).Select(c => Capabilities + c).ToArray();
        if (above.Length == 0)
        {
            return;
        }

        var result = Types.InAssembly(typeof(IFirstBuildRequester).Assembly)
            .That().ResideInNamespace(Capabilities + capability)
            .ShouldNot().HaveDependencyOnAny(above)
            .GetResult();

        Assert.True(result.IsSuccessful,
            $"Application/{capability} must not use {string.Join(", ", above.Select(a => a[Capabilities.Length..]))}; these types do: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Every_capability_has_its_rung()
    {
        // A new capability must be placed on the ladder, or its dependencies would go unchecked.
        var capabilities = typeof(IFirstBuildRequester).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(Capabilities, StringComparison.Ordinal))
            .Select(ns => ns[Capabilities.Length..].Split('.')[0])
            .Distinct()
            .Order();
        Assert.Equal(Ladder.Order(), capabilities);
    }
}
