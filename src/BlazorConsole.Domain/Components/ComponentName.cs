using System.Text.RegularExpressions;

namespace BlazorConsole.Domain.Components;

/// <summary>Component and application names: DNS labels, since apps are served at <c>{component}.{AppsDomain}</c>.</summary>
public static partial class ComponentName
{
    public const int MaxLength = 40;

    public static string? Validate(string? name, string what = "component")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"A {what} name is required.";
        }

        if (name.Length > MaxLength)
        {
            return $"A {what} name has at most {MaxLength} characters.";
        }

        return Pattern().IsMatch(name)
            ? null
            : $"A {what} name uses lower-case letters, digits and single hyphens, starting with a letter (e.g. 'shop-api').";
    }

    [GeneratedRegex("^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
