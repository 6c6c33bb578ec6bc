using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Processes;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// Chooses the buildpack for a detection and checks that its toolchain is on this machine; when it cannot, the
/// failure names what is missing ("Go was detected (go.mod) but no Go toolchain is installed on this machine").
/// </summary>
public sealed class BuildpackCatalog(IEnumerable<IBuildpack> buildpacks)
{
    private static readonly Dictionary<AppLanguage, (string Toolchain, string Tool)> KnownToolchains = new()
    {
        [AppLanguage.JavaMaven] = ("Maven", "mvn"),
        [AppLanguage.Gradle] = ("Gradle", "gradle"),
        [AppLanguage.DotNet] = (".NET SDK", "dotnet"),
        [AppLanguage.Go] = ("Go", "go"),
        [AppLanguage.Python] = ("Python", "python3"),
        [AppLanguage.Php] = ("PHP", "php"),
        [AppLanguage.NodeJs] = ("Node.js", "node"),
        [AppLanguage.JavaWar] = ("Java", "java"),
        [AppLanguage.JavaJar] = ("Java", "java"),
    };

    private readonly IBuildpack[] all = [.. buildpacks];

    public IReadOnlyList<IBuildpack> All => all;

    /// <param name="chosen">The language set in the component's build settings; null = the detected one.</param>
    /// <param name="path">PATH to look for tools on (default: the console's).</param>
    /// <exception cref="BuildFailedException">Nothing detected, no buildpack for the language, or its tools are missing.</exception>
    public (IBuildpack Buildpack, LanguageMatch Match) Select(DetectionResult detection, AppLanguage? chosen = null, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var match = chosen is { } language
            ? detection.Find(language) ?? new LanguageMatch(language, "chosen in the build settings")
            : detection.Primary ?? throw new BuildFailedException(
                "No language was detected: the repository root has none of Dockerfile, pom.xml, build.gradle, *.sln/*.csproj, go.mod, "
                + "requirements.txt/setup.py/pyproject.toml, composer.json/index.php, package.json, *.war, *.jar or index.html.");

        var buildpack = all.FirstOrDefault(b => b.Language == match.Language);
        if (buildpack is null)
        {
            var (toolchain, tool) = KnownToolchains.GetValueOrDefault(match.Language, (match.Language.DisplayName(), ""));
            var reason = tool.Length > 0 && ToolLocator.Find(tool, path) is null
                ? $"{match} was detected but no {toolchain} toolchain is installed on this machine"
                : $"{match} was detected but this console has no {match.Language.DisplayName()} buildpack yet";
            throw new BuildFailedException(reason + Alternatives(detection, match.Language) + ".");
        }

        var missing = buildpack.RequiredTools.Where(t => ToolLocator.Find(t, path) is null).ToList();
        if (missing.Count > 0)
        {
            var toolchain = KnownToolchains.TryGetValue(match.Language, out var known) ? known.Toolchain : match.Language.DisplayName();
            throw new BuildFailedException($"{match} was detected but no {toolchain} toolchain is installed on this machine "
                + $"({string.Join(", ", missing)} not found on PATH).");
        }

        return (buildpack, match);
    }

    private string Alternatives(DetectionResult detection, AppLanguage failed)
    {
        var buildable = detection.Matches.Where(m => m.Language != failed && all.Any(b => b.Language == m.Language)).ToList();
        return buildable.Count == 0 ? ""
            : $"; this repository also looks like {string.Join(", ", buildable)}: choose that language in the component's build settings";
    }
}
