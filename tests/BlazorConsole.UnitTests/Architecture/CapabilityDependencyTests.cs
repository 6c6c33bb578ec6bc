using BlazorConsole.Application.Components;

namespace BlazorConsole.UnitTests.Architecture;

/// <summary>
/// Application's capabilities form a ladder like Web's features: a capability uses only the ones below it. Where a lower
/// one needs a higher one it owns a port the higher one implements (Components' <see cref="IFirstBuildRequester"/>,
/// implemented by Builds' <c>BuildActions</c>).
/// </summary>
public class CapabilityDependencyTests
{
    /// <summary>Bottom first.</summary>
    private static readonly NamespaceLadder Capabilities = new(typeof(IFirstBuildRequester).Assembly, "BlazorConsole.Application.",
        "Auditing", "Dashboard", "Teams", "Tokens", "GitProviders", "Components", "Webhooks", "Builds", "Releases");

    public static TheoryData<string> Rungs => [.. Capabilities.Rungs];

    [Theory]
    [MemberData(nameof(Rungs))]
    public void A_capability_uses_only_the_capabilities_below_it(string capability)
    {
        var (above, failing) = Capabilities.UsesFromAbove(capability);
        Assert.True(failing.Count == 0, $"Application/{capability} must not use {string.Join(", ", above)}; these types do: {string.Join(", ", failing)}");
    }

    [Fact]
    public void Every_capability_has_its_rung()
    {
        // A new capability must be placed on the ladder, or its dependencies would go unchecked.
        Assert.Equal(Capabilities.Rungs.Order(), Capabilities.NamespacesPresent());
    }
}
