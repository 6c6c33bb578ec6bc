using System.Globalization;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <param name="Instruction">Where the image is named (<c>FROM</c>, <c>COPY --from</c>, <c>ONBUILD COPY --from</c>…).</param>
/// <param name="Reference">The reference after substitution, as the engine will look it up.</param>
/// <param name="Understood">False when the console cannot know the reference before the build (see <see cref="DockerfileWord"/>).</param>
public sealed record DockerfileImageUse(string Instruction, string Reference, bool Understood);

/// <summary>
/// The images a Dockerfile starts from or reads out of, and whether a component's build may use them. Every component's
/// images live in the one engine under <c>blazorconsole/…</c>, and the classic builder resolves <c>FROM</c> and
/// <c>COPY --from</c> against local images first: without this check, one team's Dockerfile could start from (and so
/// read the code of) another team's image. The check runs before the engine runs a single step.
/// </summary>
public static class DockerfileImages
{
    /// <summary>The images named by <c>FROM</c>, <c>COPY/ADD --from</c>, <c>RUN --mount=from=</c> and the same inside <c>ONBUILD</c>.</summary>
    public static IReadOnlyList<DockerfileImageUse> Used(string dockerfileText, IReadOnlyDictionary<string, string> buildArguments)
    {
        ArgumentNullException.ThrowIfNull(dockerfileText);
        ArgumentNullException.ThrowIfNull(buildArguments);
        var instructions = DockerfileSyntax.Instructions(dockerfileText, out var escape);
        // Every ARG and ENV seen so far, whatever its stage: a superset of what the engine substitutes, so a reference is
        // read at least as the engine could read it; a variable never declared is not guessed at (Understood = false).
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var uses = new List<DockerfileImageUse>();
        foreach (var instruction in instructions)
        {
            Read(instruction, "", escape, variables, stages, buildArguments, uses);
        }

        return uses;
    }

    /// <summary>Why the build may not use an image its Dockerfile names; null when every one is allowed.</summary>
    /// <param name="ownRepository">The component's own repository (<c>blazorconsole/team/app</c>): its earlier images are allowed.</param>
    public static string? RefusalReason(string dockerfileText, IReadOnlyDictionary<string, string> buildArguments, string ownRepository)
    {
        ArgumentNullException.ThrowIfNull(ownRepository);
        foreach (var use in Used(dockerfileText, buildArguments))
        {
            var reference = use.Reference.Trim();
            if (!use.Understood)
            {
                return $"The Dockerfile's {use.Instruction} names an image through a variable no ARG declares ('{reference}'): "
                    + "the console checks which image a build uses before it runs, so declare the variable with ARG.";
            }

            var repository = Repository(reference);
            if (repository.Length == 0 || reference.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)
                || (reference.Length >= 4 && reference.All(char.IsAsciiHexDigitLower)))
            {
                return $"The Dockerfile's {use.Instruction} names an image by its id ('{reference}'): name base images by repository and tag.";
            }

            if ((repository == "blazorconsole" || repository.StartsWith("blazorconsole/", StringComparison.Ordinal))
                && !repository.Equals(ownRepository, StringComparison.Ordinal))
            {
                return $"The Dockerfile's {use.Instruction} uses {reference}, an image another component built: a build may start from "
                    + $"public images and from its own earlier images ({ownRepository}) only.";
            }
        }

        return null;
    }

    /// <summary>
    /// The repository part of a reference, as the engine normalizes it: lower case, without the default registry's
    /// name, without tag or digest (<c>docker.io/blazorconsole/a/b:7</c> → <c>blazorconsole/a/b</c>).
    /// </summary>
    public static string Repository(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.Trim().ToLowerInvariant();
        var digest = name.IndexOf('@', StringComparison.Ordinal);
        if (digest >= 0)
        {
            name = name[..digest];
        }

        var tag = name.LastIndexOf(':');
        if (tag > name.LastIndexOf('/'))
        {
            name = name[..tag];
        }

        foreach (var registry in (string[])["docker.io/", "index.docker.io/", "registry-1.docker.io/"])
        {
            if (name.StartsWith(registry, StringComparison.Ordinal))
            {
                name = name[registry.Length..];
                break;
            }
        }

        return name.StartsWith("library/", StringComparison.Ordinal) ? name["library/".Length..] : name;
    }

    private static void Read(
        DockerfileInstruction instruction, string prefix, char escape, Dictionary<string, string> variables, HashSet<string> stages,
        IReadOnlyDictionary<string, string> buildArguments, List<DockerfileImageUse> uses)
    {
        switch (instruction.Keyword)
        {
            case "ARG":
                foreach (var word in DockerfileSyntax.Words(instruction.Arguments, escape, variables))
                {
                    var parts = word.Value.Split('=', 2);
                    if (buildArguments.TryGetValue(parts[0], out var given))
                    {
                        variables[parts[0]] = given;
                    }
                    else if (word.Understood)
                    {
                        variables[parts[0]] = parts.Length == 2 ? parts[1] : variables.GetValueOrDefault(parts[0], "");
                    }
                }

                break;
            case "ENV":
                var words = DockerfileSyntax.Words(instruction.Arguments, escape, variables);
                if (words.Count > 0 && !words[0].Value.Contains('=', StringComparison.Ordinal))
                {
                    // The legacy form "ENV NAME value with spaces": not guessed at, so its later uses count as unknown.
                    variables.Remove(words[0].Value);
                    break;
                }

                foreach (var word in words)
                {
                    var parts = word.Value.Split('=', 2);
                    if (word.Understood && parts.Length == 2)
                    {
                        variables[parts[0]] = parts[1];
                    }
                    else
                    {
                        variables.Remove(parts[0]);
                    }
                }

                break;
            case "FROM":
                var from = DockerfileSyntax.Words(instruction.Arguments, escape, variables, undeclaredIsEmpty: true).Where(w => !w.Value.StartsWith("--", StringComparison.Ordinal)).ToList();
                if (from.Count == 0)
                {
                    break;
                }

                if (!stages.Contains(from[0].Value) && !from[0].Value.Equals("scratch", StringComparison.OrdinalIgnoreCase))
                {
                    uses.Add(new DockerfileImageUse(prefix + "FROM", from[0].Value, from[0].Understood));
                }

                if (from.Count >= 3 && from[1].Value.Equals("AS", StringComparison.OrdinalIgnoreCase))
                {
                    stages.Add(from[2].Value);
                }

                break;
            case "COPY" or "ADD":
                foreach (var flag in Flags(instruction, escape, variables))
                {
                    if (flag.Value.StartsWith("--from=", StringComparison.OrdinalIgnoreCase))
                    {
                        AddSource(prefix + instruction.Keyword + " --from", flag.Value["--from=".Length..], flag.Understood, stages, uses);
                    }
                }

                break;
            case "RUN":
                foreach (var flag in Flags(instruction, escape, variables))
                {
                    if (!flag.Value.StartsWith("--mount=", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    foreach (var option in flag.Value["--mount=".Length..].Split(','))
                    {
                        if (option.StartsWith("from=", StringComparison.OrdinalIgnoreCase))
                        {
                            AddSource(prefix + "RUN --mount", option["from=".Length..], flag.Understood, stages, uses);
                        }
                    }
                }

                break;
            case "ONBUILD":
                // A trigger runs in whatever build starts from this image later, with that build's variables: what it
                // names is checked now, and a variable in it can only be known then (so it counts as unknown).
                var split = instruction.Arguments.IndexOfAny([' ', '\t']);
                if (split > 0)
                {
                    var inner = new DockerfileInstruction(instruction.Arguments[..split].ToUpperInvariant(), instruction.Arguments[(split + 1)..].Trim());
                    if (inner.Keyword is not ("FROM" or "ONBUILD"))
                    {
                        Read(inner, "ONBUILD ", escape, new Dictionary<string, string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.OrdinalIgnoreCase), buildArguments, uses);
                    }
                }

                break;
        }
    }

    private static IEnumerable<DockerfileWord> Flags(DockerfileInstruction instruction, char escape, IReadOnlyDictionary<string, string> variables) =>
        DockerfileSyntax.Words(instruction.Arguments, escape, variables).TakeWhile(w => w.Value.StartsWith("--", StringComparison.Ordinal));

    private static void AddSource(string where, string source, bool understood, HashSet<string> stages, List<DockerfileImageUse> uses)
    {
        // A stage by name or by index is this build's own; anything else is an image.
        if (stages.Contains(source) || int.TryParse(source, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return;
        }

        uses.Add(new DockerfileImageUse(where, source, understood));
    }
}
