namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// A Heroku-style <c>Procfile</c>: <c>name: command</c> lines; blank lines and <c>#</c> comments are skipped, a later
/// line of the same name wins. The <c>web</c> process is the app's start command.
/// </summary>
public sealed class Procfile
{
    private Procfile(IReadOnlyDictionary<string, string> processes) => Processes = processes;

    public IReadOnlyDictionary<string, string> Processes { get; }

    public string? Web => Processes.TryGetValue("web", out var command) ? command : null;

    public static Procfile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var processes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var command = line[(colon + 1)..].Trim();
            if (name.Length > 0 && command.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                processes[name] = command;
            }
        }

        return new Procfile(processes);
    }

    /// <summary>The Procfile at the root of a source tree, or null.</summary>
    public static Procfile? Load(string sourceDirectory)
    {
        // Read after the (sandboxed) build: a Procfile it turned into a link to a file outside the checkout is not followed.
        var path = Path.Combine(sourceDirectory, "Procfile");
        return File.Exists(path) && new FileInfo(path).LinkTarget is null ? Parse(File.ReadAllText(path)) : null;
    }
}
