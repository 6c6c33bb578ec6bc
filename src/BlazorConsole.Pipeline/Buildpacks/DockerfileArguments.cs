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
        var noVariables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in DockerfileSyntax.Instructions(dockerfileText, out var escape))
        {
            if (instruction.Keyword != "ARG")
            {
                continue;
            }

            // "ARG a=1 b" declares two (BuildKit and 20.10+ accept several); a quoted default may hold spaces.
            foreach (var word in DockerfileSyntax.Words(instruction.Arguments, escape, noVariables, undeclaredIsEmpty: true))
            {
                var name = word.Value.Split('=', 2)[0];
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }
}
