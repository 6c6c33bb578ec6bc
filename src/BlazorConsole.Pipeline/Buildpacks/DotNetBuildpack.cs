using System.Xml.Linq;
using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// .NET: <c>dotnet publish -c Release -o &lt;artifact&gt;</c> of the app's project: the one project file at the root,
/// else the one web project (Microsoft.NET.Sdk.Web) or executable found below it.
/// </summary>
public sealed class DotNetBuildpack : IBuildpack
{
    private static readonly string[] ProjectPatterns = ["*.csproj", "*.fsproj", "*.vbproj"];

    public AppLanguage Language => AppLanguage.DotNet;

    public string Name => ".NET (dotnet publish)";

    public IReadOnlyList<string> RequiredTools { get; } = ["dotnet"];

    public async Task<string?> BuildAsync(BuildpackContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var project = FindProject(context.SourceDirectory);
        var relative = Path.GetRelativePath(context.SourceDirectory, project);
        context.Log.Write($"Publishing {relative}");
        KeyValuePair<string, string>[] environment =
        [
            new("DOTNET_CLI_HOME", context.HomeDirectory),
            new("DOTNET_NOLOGO", "1"),
            new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
            new("DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "1"),
            new("DOTNET_GENERATE_ASPNET_CERTIFICATE", "false"),
            new("MSBUILDDISABLENODEREUSE", "1"),
            new("NUGET_PACKAGES", context.Cache("nuget")),
        ];
        await context.RunAsync("dotnet",
            ["publish", relative, "-c", "Release", "-o", context.ArtifactDirectory, "--nologo", "--disable-build-servers", "-p:UseAppHost=false"],
            cancellationToken, environment: environment).ConfigureAwait(false);
        return $"dotnet {AssemblyName(project)}.dll";
    }

    internal static string FindProject(string source)
    {
        var root = ProjectPatterns.SelectMany(p => Directory.EnumerateFiles(source, p)).Order(StringComparer.Ordinal).ToList();
        if (root.Count == 1)
        {
            return root[0];
        }

        var all = ProjectPatterns
            .SelectMany(p => Directory.EnumerateFiles(source, p, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3 }))
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(s => s is "test" or "tests" || s.EndsWith(".Tests", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var web = all.Where(p => Sdk(p).Equals("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase)).ToList();
        var candidates = web.Count > 0 ? web : all.Where(IsExecutable).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new BuildFailedException("No .NET project to publish was found (a web project or an executable, at most 3 folders deep)."),
            _ => throw new BuildFailedException("Several .NET projects could be the app: "
                + string.Join(", ", candidates.Select(c => Path.GetRelativePath(source, c))) + ". Keep one app project or put it at the repository root."),
        };
    }

    private static string Sdk(string project)
    {
        try
        {
            return XDocument.Load(project).Root?.Attribute("Sdk")?.Value ?? "";
        }
        catch (System.Xml.XmlException)
        {
            return "";
        }
    }

    private static bool IsExecutable(string project) => Property(project, "OutputType") is { } type
        && (type.Equals("Exe", StringComparison.OrdinalIgnoreCase) || type.Equals("WinExe", StringComparison.OrdinalIgnoreCase));

    private static string AssemblyName(string project) => Property(project, "AssemblyName") ?? Path.GetFileNameWithoutExtension(project);

    private static string? Property(string project, string name)
    {
        try
        {
            return XDocument.Load(project).Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim() is { Length: > 0 } value
                && !value.Contains("$(", StringComparison.Ordinal) ? value : null;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}
