namespace BlazorConsole.Pipeline.Processes;

/// <summary>Finds an executable on a PATH, as a shell would.</summary>
public static class ToolLocator
{
    /// <summary>Where the usual system tools live: the console's own helpers (bwrap, setpriv, setsid, chown) are looked up only there, never on a PATH someone else set.</summary>
    public const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string? Find(string tool, string? path = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        if (tool.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(tool) ? Path.GetFullPath(tool) : null;
        }

        foreach (var directory in (path ?? BuildEnvironment.ConsolePath).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
