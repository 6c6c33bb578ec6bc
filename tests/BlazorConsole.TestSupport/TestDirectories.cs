namespace BlazorConsole.TestSupport;

/// <summary>Temporary directories for tests.</summary>
public static class TestDirectories
{
    /// <summary>
    /// Mode 0755: the sandbox user (not the test's) must traverse a data directory's parents to mount its checkout or
    /// artifact, as it must on a real machine (<c>Directory.CreateTempSubdirectory</c> makes 0700 directories).
    /// </summary>
    public static DirectoryInfo CreateTraversable(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix);
        if (OperatingSystem.IsWindows())
        {
            return directory;
        }

        File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return directory;
    }
}
