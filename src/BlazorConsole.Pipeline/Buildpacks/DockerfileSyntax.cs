using System.Text;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>One instruction as the engine reads it: its keyword (upper case) and the rest, continuations joined.</summary>
public sealed record DockerfileInstruction(string Keyword, string Arguments);

/// <summary>
/// A word after quote removal and substitution; <paramref name="Understood"/> is false when it uses a variable nobody
/// declared (an image's ENV may set it) or a substitution form this reader does not know.
/// </summary>
public sealed record DockerfileWord(string Value, bool Understood);

/// <summary>
/// The parts of the Dockerfile grammar the console must read the way the engine does — to check what a build may start
/// from before the engine runs a step of it: the <c># escape=</c> directive, line continuations, comments, words with
/// quotes and <c>$VAR</c> / <c>${VAR}</c> / <c>${VAR:-word}</c> / <c>${VAR:+word}</c> substitution.
/// </summary>
public static class DockerfileSyntax
{
    /// <summary>Instructions in order; comments and blank lines dropped, continued lines joined.</summary>
    public static IReadOnlyList<DockerfileInstruction> Instructions(string text, out char escape)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        escape = '\\';
        var first = 0;
        // Parser directives only count at the very top, before any comment, blank line or instruction.
        for (; first < lines.Length; first++)
        {
            var directive = lines[first].Trim();
            if (!directive.StartsWith('#'))
            {
                break;
            }

            var parts = directive[1..].Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Contains(' ', StringComparison.Ordinal))
            {
                break;
            }

            if (parts[0].Trim().Equals("escape", StringComparison.OrdinalIgnoreCase) && parts[1].Trim() is ['`'] or ['\\'])
            {
                escape = parts[1].Trim()[0];
            }
        }

        var instructions = new List<DockerfileInstruction>();
        var current = new StringBuilder();
        for (var i = first; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (line.StartsWith('#') || (current.Length > 0 && line.Trim().Length == 0))
            {
                continue; // comments (and empty lines) may sit inside a continued instruction too
            }

            var trimmed = line.TrimEnd();
            // As Docker joins them: the escape character goes, the next line follows directly (its indentation dropped).
            if (trimmed.EndsWith(escape))
            {
                current.Append(trimmed.AsSpan(0, trimmed.Length - 1));
                continue;
            }

            current.Append(line);
            Add(instructions, current);
        }

        Add(instructions, current);
        return instructions;
    }

    /// <summary>
    /// Splits on unquoted whitespace and expands each word as the engine does (quotes removed, variables substituted
    /// from <paramref name="variables"/>). <paramref name="undeclaredIsEmpty"/>: a name not in <paramref name="variables"/>
    /// is certainly empty (in <c>FROM</c>, where only ARGs apply), rather than unknown.
    /// </summary>
    public static IReadOnlyList<DockerfileWord> Words(string text, char escape, IReadOnlyDictionary<string, string> variables, bool undeclaredIsEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);
        var words = new List<DockerfileWord>();
        var word = new StringBuilder();
        var inWord = false;
        var understood = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(new DockerfileWord(word.ToString(), understood));
                    word.Clear();
                    inWord = false;
                    understood = true;
                }

                continue;
            }

            inWord = true;
            if (c == escape && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                end = end < 0 ? text.Length : end;
                word.Append(text.AsSpan(i + 1, end - i - 1));
                i = end;
            }
            else if (c == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == escape && i + 1 < text.Length)
                    {
                        word.Append(text[++i]);
                    }
                    else if (text[i] == '$')
                    {
                        i = Substitute(text, i, escape, variables, undeclaredIsEmpty, word, ref understood);
                    }
                    else
                    {
                        word.Append(text[i]);
                    }
                }
            }
            else if (c == '$')
            {
                i = Substitute(text, i, escape, variables, undeclaredIsEmpty, word, ref understood);
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(new DockerfileWord(word.ToString(), understood));
        }

        return words;
    }

    /// <summary>Expands the variable at <paramref name="start"/> (a <c>$</c>) into <paramref name="into"/>; returns the last index read.</summary>
    private static int Substitute(
        string text, int start, char escape, IReadOnlyDictionary<string, string> variables, bool undeclaredIsEmpty, StringBuilder into, ref bool understood)
    {
        var i = start + 1;
        if (i < text.Length && text[i] == '{')
        {
            var close = text.IndexOf('}', i);
            if (close < 0)
            {
                understood = false;
                return text.Length - 1;
            }

            var body = text[(i + 1)..close];
            var nameLength = 0;
            while (nameLength < body.Length && (char.IsAsciiLetterOrDigit(body[nameLength]) || body[nameLength] == '_'))
            {
                nameLength++;
            }

            var name = body[..nameLength];
            var rest = body[nameLength..];
            understood &= variables.TryGetValue(name, out var value) || undeclaredIsEmpty;
            if (name.Length == 0)
            {
                understood = false;
            }
            else if (rest.Length == 0)
            {
                into.Append(value);
            }
            else if (rest.StartsWith(":-", StringComparison.Ordinal) || rest.StartsWith(":+", StringComparison.Ordinal))
            {
                var alternative = Words(rest[2..], escape, variables, undeclaredIsEmpty);
                understood &= alternative.All(w => w.Understood);
                var useAlternative = rest[1] == '-' ? string.IsNullOrEmpty(value) : !string.IsNullOrEmpty(value);
                into.Append(useAlternative ? string.Concat(alternative.Select(w => w.Value)) : rest[1] == '-' ? value : "");
            }
            else
            {
                understood = false; // ${X-y}, ${X:?}, ${X#p}, ${X%s}…: forms of newer engines, not guessed at
            }

            return close;
        }

        var end = i;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        if (end == i)
        {
            into.Append('$');
            return start;
        }

        understood &= variables.TryGetValue(text[i..end], out var named) || undeclaredIsEmpty;
        into.Append(named);
        return end - 1;
    }

    private static void Add(List<DockerfileInstruction> instructions, StringBuilder current)
    {
        var instruction = current.ToString().Trim();
        current.Clear();
        if (instruction.Length == 0)
        {
            return;
        }

        var split = instruction.IndexOfAny([' ', '\t']);
        instructions.Add(split < 0
            ? new DockerfileInstruction(instruction.ToUpperInvariant(), "")
            : new DockerfileInstruction(instruction[..split].ToUpperInvariant(), instruction[(split + 1)..].Trim()));
    }
}
