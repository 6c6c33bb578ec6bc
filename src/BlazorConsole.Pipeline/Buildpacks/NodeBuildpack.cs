using System.Text.Json;
using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// Node.js with npm: <c>npm ci</c> when a lock file exists, else <c>npm install</c>; <c>npm run build</c> when
/// package.json has a build script. The artifact is the built tree (with node_modules).
/// </summary>
public sealed class NodeBuildpack : IBuildpack
{
    private static readonly string[] EntryFiles = ["server.js", "app.js", "index.js"];

    public AppLanguage Language => AppLanguage.NodeJs;

    public string Name => "Node.js (npm)";

    public IReadOnlyList<string> RequiredTools { get; } = ["node", "npm"];

    public async Task<string?> BuildAsync(BuildpackContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var package = ReadPackage(context.SourceDirectory);
        KeyValuePair<string, string>[] environment =
        [
            new("npm_config_cache", context.Cache("npm")),
            new("npm_config_update_notifier", "false"),
            new("npm_config_fund", "false"),
            new("npm_config_audit", "false"),
            new("npm_config_progress", "false"),
            new("CI", "true"),
        ];

        var locked = File.Exists(Path.Combine(context.SourceDirectory, "package-lock.json"))
            || File.Exists(Path.Combine(context.SourceDirectory, "npm-shrinkwrap.json"));
        await context.RunAsync("npm", locked ? ["ci"] : ["install"], cancellationToken, environment: environment).ConfigureAwait(false);
        if (package.Scripts.ContainsKey("build"))
        {
            await context.RunAsync("npm", ["run", "build"], cancellationToken, environment: environment).ConfigureAwait(false);
        }
        else
        {
            context.Log.Write("No \"build\" script in package.json: nothing to build.");
        }

        DirectoryCopy.Copy(context.SourceDirectory, context.ArtifactDirectory, cancellationToken: cancellationToken);
        return package.Scripts.ContainsKey("start") ? "npm start"
            : package.Main is { Length: > 0 } main ? "node " + main
            : EntryFiles.FirstOrDefault(f => File.Exists(Path.Combine(context.SourceDirectory, f))) is { } entry ? "node " + entry
            : null;
    }

    internal static (IReadOnlyDictionary<string, string> Scripts, string? Main) ReadPackage(string directory)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "package.json")),
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("scripts", out var s) && s.ValueKind == JsonValueKind.Object)
            {
                foreach (var script in s.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length > 0))
                {
                    scripts[script.Name] = script.Value.GetString()!;
                }
            }

            var main = root.TryGetProperty("main", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (scripts, main);
        }
        catch (JsonException ex)
        {
            throw new BuildFailedException($"package.json is not valid JSON: {ex.Message}");
        }
    }
}
