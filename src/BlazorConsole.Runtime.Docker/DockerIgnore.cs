using BlazorConsole.Pipeline.Buildpacks;
using System.Text;
using System.Text.RegularExpressions;

namespace BlazorConsole.Runtime.Docker;

/// <summary>
/// A <c>.dockerignore</c> with Docker's semantics (moby/patternmatcher): patterns are relative to the context root (a
/// leading <c>/</c> means nothing more), <c>*</c> and <c>?</c> stay within one path segment, <c>**</c> spans any number of
/// them, a pattern that matches a directory excludes everything in it, <c>!</c> makes an exception, and the last
/// pattern that matches a path decides.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exception)> patterns = [];

    public DockerIgnore(string? text)
    {
        foreach (var raw in (text ?? "").ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exception = line.StartsWith('!');
            var pattern = Clean(exception ? line[1..].Trim() : line);
            if (pattern.Length > 0)
            {
                patterns.Add((ToRegex(pattern), exception));
            }
        }
    }

    /// <exception cref="BuildFailedException">The file is reached through a link, is too large, or has a pattern Docker would refuse too.</exception>
    public static DockerIgnore Load(string contextDirectory)
    {
        var text = RepositoryFile.ReadText(contextDirectory, Path.Combine(contextDirectory, ".dockerignore"));
        try
        {
            return new DockerIgnore(text);
        }
        catch (ArgumentException e)
        {
            // A malformed pattern ([z-a], [\]) is refused by Docker as well; say it instead of failing somewhere deeper.
            throw new BuildFailedException($".dockerignore has a pattern Docker cannot read: {e.Message}");
        }
    }

    /// <summary>Whether any pattern is an exception: an excluded directory must then still be walked.</summary>
    public bool HasExceptions => patterns.Any(p => p.Exception);

    /// <param name="relativePath">Relative to the context root, <c>/</c>-separated.</param>
    public bool IsExcluded(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = Clean(relativePath);
        var parents = Parents(path).ToList();
        var excluded = false;
        foreach (var (pattern, exception) in patterns)
        {
            // Docker: a pattern matches the path itself or any directory above it ("logs" excludes "logs/a.txt").
            if (pattern.IsMatch(path) || parents.Exists(pattern.IsMatch))
            {
                excluded = !exception;
            }
        }

        return excluded;
    }

    private static IEnumerable<string> Parents(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    /// <summary>Go's filepath.Clean without the leading slash: <c>./a//b/../c/</c> → <c>a/c</c>.</summary>
    private static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var part in pattern.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++; // "**/" is "**": zero or more directories
                    }

                    regex.Append(i + 1 >= pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }

                    var set = pattern[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + set[1..] : set).Append(']');
                    i = end;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    i++; // as in Docker on Linux: a backslash makes the next character literal
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
