namespace BlazorConsole.Pipeline;

/// <summary>Clean-up of working directories (checkouts, staging, snapshots) that must never fail the work around it.</summary>
public static class ScratchDirectory
{
    /// <summary>
    /// Deletes the directory tree when it exists; a file held open or a permission problem leaves it for start-up
    /// recovery instead of failing the caller.
    /// </summary>
    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
