using System.Text;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// Image names the console gives its builds, made to fit Docker's reference grammar whatever a team or component is
/// called: path components <c>[a-z0-9]+([._-][a-z0-9]+)*</c>, a tag <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.
/// </summary>
public static class ImageReference
{
    /// <summary><c>blazorconsole/&lt;team&gt;/&lt;component&gt;</c>, each part sanitized.</summary>
    public static string Repository(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return "blazorconsole/" + string.Join('/', parts.Select(PathComponent));
    }

    /// <summary><c>repository:tag</c>, the repository's path components and the tag sanitized.</summary>
    public static string Tagged(string repository, string tag)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var path = string.Join('/', repository.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(PathComponent));
        return $"{path}:{Tag(tag)}";
    }

    /// <summary>Lower-case letters and digits, single separators between them; never empty.</summary>
    public static string PathComponent(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder();
        var pendingSeparator = false;
        foreach (var c in value.ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                if (pendingSeparator && text.Length > 0)
                {
                    text.Append('-');
                }

                pendingSeparator = false;
                text.Append(c);
            }
            else
            {
                // Any run of other characters (spaces, dots, "__", unicode) becomes one '-', the separator valid everywhere.
                pendingSeparator = true;
            }
        }

        return text.Length == 0 ? "x" : text.ToString();
    }

    public static string Tag(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder();
        foreach (var c in value)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (text.Length > 0 && c is '.' or '-');
            if (valid)
            {
                text.Append(c);
            }
            else if (text.Length > 0)
            {
                text.Append('_');
            }
        }

        return text.Length == 0 ? "latest" : text.ToString()[..Math.Min(text.Length, 128)];
    }
}
