using System.Formats.Tar;

namespace BlazorConsole.Runtime.Docker;

/// <summary>
/// The build context as the engine takes it: a tar of the checkout without what <c>.dockerignore</c> excludes (the
/// Dockerfile and <c>.dockerignore</c> always go: the engine reads them). File modes are kept; a symbolic link goes as
/// a link and is never followed, so nothing outside the checkout enters the context.
/// </summary>
public static class BuildContextArchive
{
    /// <summary>Writes the tar into <paramref name="output"/>; returns the number of files and links sent.</summary>
    /// <param name="dockerfilePath">Relative to the context, <c>/</c>-separated.</param>
    public static async Task<int> WriteAsync(string contextDirectory, string dockerfilePath, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contextDirectory);
        var root = Path.GetFullPath(contextDirectory);
        var ignore = DockerIgnore.Load(root);
        var alwaysSent = new HashSet<string>(StringComparer.Ordinal) { dockerfilePath, ".dockerignore" };
        var count = 0;
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                var info = new FileInfo(path);
                var isLink = info.LinkTarget is not null;
                var isDirectory = !isLink && info.Attributes.HasFlag(FileAttributes.Directory);
                var excluded = !alwaysSent.Contains(relative) && ignore.IsExcluded(relative);
                if (isDirectory)
                {
                    // An excluded directory may still hold an exception ("!logs/keep.txt"): walk it then, without its entry.
                    if (!excluded)
                    {
                        await tar.WriteEntryAsync(path, relative, cancellationToken).ConfigureAwait(false);
                    }

                    if (!excluded || ignore.HasExceptions)
                    {
                        pending.Push(path);
                    }

                    continue;
                }

                if (excluded)
                {
                    continue;
                }

                // TarWriter reads lstat: a link becomes a link entry (its target unread), a file keeps its mode bits.
                await tar.WriteEntryAsync(path, relative, cancellationToken).ConfigureAwait(false);
                count++;
            }
        }

        return count;
    }
}
