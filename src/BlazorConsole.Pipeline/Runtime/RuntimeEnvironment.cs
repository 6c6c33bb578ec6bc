using BlazorConsole.Pipeline.Processes;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// The environment of a release: nothing of the console's own (no <c>Console__*</c>, connection strings, keys), only
/// PATH, HOME (the release's own directory), LANG, the component's variables, then PORT and ASPNETCORE_URLS, which the
/// runtime owns (a variable of the same name cannot move the app off the port the route points at).
/// </summary>
public static class RuntimeEnvironment
{
    /// <summary>Marks processes as ours, so leftovers of a crashed console are recognized (and pids reused by others are not).</summary>
    public const string ReleaseMarker = "BLAZORCONSOLE_RELEASE_ID";

    /// <param name="path">PATH of the release (its sandbox's own); default: the console's.</param>
    public static Dictionary<string, string> For(long releaseId, int port, string home, IReadOnlyDictionary<string, string> variables, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var environment = BuildEnvironment.Scrubbed(home, variables, path);
        environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment[ReleaseMarker] = releaseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return environment;
    }
}
