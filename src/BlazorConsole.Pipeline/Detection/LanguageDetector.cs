namespace BlazorConsole.Pipeline.Detection;

/// <summary>A language found in a source tree and the file that decided it (relative to the tree).</summary>
public sealed record LanguageMatch(AppLanguage Language, string Evidence)
{
    public override string ToString() => $"{Language.DisplayName()} ({Evidence})";
}

/// <summary>Every language a source tree matches, in precedence order; <see cref="Primary"/> is the one built.</summary>
public sealed record DetectionResult(IReadOnlyList<LanguageMatch> Matches)
{
    public LanguageMatch? Primary => Matches.Count > 0 ? Matches[0] : null;

    public LanguageMatch? Find(AppLanguage language) => Matches.FirstOrDefault(m => m.Language == language);
}

/// <summary>
/// Detects the language of a checked-out source tree from the files at its root, with Rainbond's list and a fixed
/// precedence: a Dockerfile wins (as in Rainbond); then build manifests (pom.xml, Gradle, .NET projects, go.mod);
/// then Python and PHP before Node.js (their apps often carry a package.json for front-end tooling); prebuilt war/jar
/// files after manifests; Static (index.html) last. Within a rule, candidate files are tried in the order listed,
/// and for patterns the ordinal-first file name is the evidence.
/// </summary>
public static class LanguageDetector
{
    private static readonly (AppLanguage Language, string[] Files)[] Rules =
    [
        (AppLanguage.Dockerfile, ["Dockerfile"]),
        (AppLanguage.JavaMaven, ["pom.xml"]),
        (AppLanguage.Gradle, ["build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "gradlew"]),
        (AppLanguage.DotNet, ["*.sln", "*.slnx", "*.csproj", "*.fsproj", "*.vbproj"]),
        (AppLanguage.Go, ["go.mod", "Gopkg.lock", "glide.yaml"]),
        (AppLanguage.Python, ["requirements.txt", "setup.py", "pyproject.toml", "Pipfile"]),
        (AppLanguage.Php, ["composer.json", "index.php"]),
        (AppLanguage.NodeJs, ["package.json"]),
        (AppLanguage.JavaWar, ["*.war"]),
        (AppLanguage.JavaJar, ["*.jar"]),
        (AppLanguage.Static, ["index.html", "index.htm"]),
    ];

    public static DetectionResult Detect(string sourceDirectory)
    {
        if (!Directory.Exists(sourceDirectory))
        {
            throw new DirectoryNotFoundException($"Source directory {sourceDirectory} does not exist.");
        }

        var names = Directory.EnumerateFiles(sourceDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var matches = new List<LanguageMatch>();
        foreach (var (language, files) in Rules)
        {
            var evidence = files.Select(pattern => pattern.StartsWith('*')
                    ? names.FirstOrDefault(n => n.Length > pattern.Length - 1 && n.EndsWith(pattern[1..], StringComparison.Ordinal))
                    : names.Contains(pattern, StringComparer.Ordinal) ? pattern : null)
                .FirstOrDefault(e => e is not null);
            if (evidence is not null)
            {
                matches.Add(new LanguageMatch(language, evidence));
            }
        }

        return new DetectionResult(matches);
    }
}
