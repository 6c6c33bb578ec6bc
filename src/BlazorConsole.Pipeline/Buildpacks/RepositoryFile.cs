namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// Reads a small file of the checkout in the console's own process (a Dockerfile, a .dockerignore). The repository is
/// hostile: the file, or a directory above it, may be a link to the console's data or to /dev/zero, or be huge — it is
/// read only when no link leads to it from the checkout, and only up to a bound.
/// </summary>
public static class RepositoryFile
{
    public const int MaxBytes = 1024 * 1024;

    public static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <returns>Null when there is no such file.</returns>
    /// <exception cref="BuildFailedException">Reached through a link, or larger than <see cref="MaxBytes"/>.</exception>
    public static string? ReadText(string checkout, string path)
    {
        var root = Path.GetFullPath(checkout);
        var relative = Path.GetRelativePath(root, Path.GetFullPath(path));
        var shown = relative.Replace(Path.DirectorySeparatorChar, '/');
        // Every step from the checkout down must be a real directory or file, not a link that leads elsewhere.
        var current = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (IsLink(current))
            {
                throw new BuildFailedException($"{shown} is reached through a symbolic link in the repository; the console reads it only as a regular file.");
            }
        }

        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxBytes + 1];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return read > MaxBytes ? throw new BuildFailedException($"{shown} is larger than {MaxBytes / 1024} KiB.") : new string(buffer, 0, read);
    }
}
