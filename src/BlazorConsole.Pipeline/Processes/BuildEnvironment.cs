namespace BlazorConsole.Pipeline.Processes;

/// <summary>
/// The environment of a build's child processes: nothing of the console's own (no connection strings, keys, tokens,
/// <c>Console__*</c>), only <c>PATH</c> (to find the toolchains), <c>HOME</c> (a per-build temporary home),
/// <c>LANG</c>, and what the buildpack and the component's build settings add.
/// </summary>
public static class BuildEnvironment
{
    public const string Lang = "C.UTF-8";

    /// <param name="path">PATH of the processes (a sandbox's own); default: the console's.</param>
    public static Dictionary<string, string> Scrubbed(string home, IEnumerable<KeyValuePair<string, string>>? additions = null, string? path = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(home);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = path ?? ConsolePath,
            ["HOME"] = home,
            ["LANG"] = Lang,
        };
        foreach (var (key, value) in additions ?? [])
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>The console's own PATH (where the toolchains are), or the usual system directories.</summary>
    public static string ConsolePath =>
        Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } path ? path : "/usr/local/bin:/usr/bin:/bin";
}
