namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>Copies a directory tree keeping file modes and symbolic links (node_modules/.bin).</summary>
public static class DirectoryCopy
{
    public static int Copy(string source, string destination, Func<string, bool>? include = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(destination);
        var count = 0;
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (include is not null && !include(entry.Name))
            {
                continue;
            }

            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (entry is DirectoryInfo)
                {
                    Directory.CreateSymbolicLink(target, link);
                }
                else
                {
                    File.CreateSymbolicLink(target, link);
                }

                count++;
            }
            else if (entry is DirectoryInfo directory)
            {
                count += Copy(directory.FullName, target, null, cancellationToken);
            }
            else
            {
                File.Copy(entry.FullName, target, overwrite: true);
                count++;
            }
        }

        return count;
    }
}
