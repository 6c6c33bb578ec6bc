using System.Reflection;
using NetArchTest.Rules;

namespace BlazorConsole.UnitTests.Architecture;

/// <summary>
/// Namespaces under one prefix ordered bottom first: each uses only those below it. Web's features and Application's
/// capabilities are held to such a ladder.
/// </summary>
internal sealed class NamespaceLadder(Assembly assembly, string prefix, params string[] rungs)
{
    public IReadOnlyList<string> Rungs => rungs;

    /// <summary>The types of <paramref name="rung"/> that use a rung above it, and those rungs (empty when none do).</summary>
    public (IReadOnlyList<string> Above, IReadOnlyList<string> FailingTypes) UsesFromAbove(string rung)
    {
        var above = rungs.SkipWhile(r => r != rung).Skip(1).ToList();
        if (above.Count == 0)
        {
            return ([], []);
        }

        var result = Types.InAssembly(assembly)
            .That().ResideInNamespace(prefix + rung)
            .ShouldNot().HaveDependencyOnAny([.. above.Select(r => prefix + r)])
            .GetResult();
        return (above, result.IsSuccessful ? [] : [.. result.FailingTypeNames ?? []]);
    }

    /// <summary>The first namespace segments under the prefix that types of the assembly live in.</summary>
    public IEnumerable<string> NamespacesPresent() => assembly.GetTypes()
        .Select(t => t.Namespace)
        .OfType<string>()
        .Where(ns => ns.StartsWith(prefix, StringComparison.Ordinal))
        .Select(ns => ns[prefix.Length..].Split('.')[0])
        .Distinct()
        .Order();
}
