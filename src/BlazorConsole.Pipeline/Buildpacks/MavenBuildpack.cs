using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>Java with Maven: <c>mvn -B package</c>; the artifact is the jar or war Maven left in <c>target/</c>.</summary>
public sealed class MavenBuildpack : IBuildpack
{
    public AppLanguage Language => AppLanguage.JavaMaven;

    public string Name => "Java (Maven)";

    public IReadOnlyList<string> RequiredTools { get; } = ["mvn", "java"];

    public async Task<string?> BuildAsync(BuildpackContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var environment = new List<KeyValuePair<string, string>>();
        if (Environment.GetEnvironmentVariable("JAVA_HOME") is { Length: > 0 } javaHome)
        {
            environment.Add(new("JAVA_HOME", javaHome));
        }

        await context.RunAsync("mvn", ["-B", "package", "-Dmaven.repo.local=" + context.Cache("m2")], cancellationToken, environment: environment)
            .ConfigureAwait(false);
        var package = FindPackage(Path.Combine(context.SourceDirectory, "target"))
            ?? throw new BuildFailedException("`mvn package` produced no jar or war in target/.");
        Directory.CreateDirectory(context.ArtifactDirectory);
        File.Copy(package, Path.Combine(context.ArtifactDirectory, Path.GetFileName(package)));
        return "java -jar " + Path.GetFileName(package);
    }

    internal static string? FindPackage(string target) => !Directory.Exists(target) ? null
        : Directory.EnumerateFiles(target)
            // Written by the sandboxed build: a jar that is a link may point at the console's own files; never copy one.
            .Where(f => new FileInfo(f).LinkTarget is null)
            .Where(f => f.EndsWith(".jar", StringComparison.Ordinal) || f.EndsWith(".war", StringComparison.Ordinal))
            .Where(f => !Path.GetFileName(f).StartsWith("original-", StringComparison.Ordinal)
                && !f.EndsWith("-sources.jar", StringComparison.Ordinal) && !f.EndsWith("-javadoc.jar", StringComparison.Ordinal))
            .OrderByDescending(f => new FileInfo(f).Length)
            .ThenBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault();
}
