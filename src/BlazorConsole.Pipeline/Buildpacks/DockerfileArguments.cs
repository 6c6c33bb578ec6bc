namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// The names a Dockerfile declares with <c>ARG</c> (in any stage, before or after <c>FROM</c>): only those are passed
/// as build arguments, as the engine warns about (and ignores) any other. Names are case-sensitive, as Docker's are.
/// </summary>
public static class DockerfileArguments
{
    public static IReadOnlySet<string> Declared(string dockerfileText)
    {
        ArgumentNullException.ThrowIfNull(dockerfileText);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instruction in DockerfileSyntax.Instructions(dockerfileText, out _))
        {
            if (instruction.Keyword != "ARG")
            {
                continue;
            }

            // "ARG a=1 b" declares two (BuildKit and 20.10+ accept several); a quoted default may hold spaces.
            foreach (var word in Words(instruction.Arguments))
            {
                var name = word.Split('=', 2)[0];
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new System.Text.StringBuilder();
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }

                word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                word.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
