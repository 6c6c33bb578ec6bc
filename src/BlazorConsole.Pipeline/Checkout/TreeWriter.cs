using LibGit2Sharp;

namespace BlazorConsole.Pipeline.Checkout;

/// <summary>
/// Writes the files of a Git tree into a directory, or turns a directory holding exactly one tree's files into
/// another tree's files by touching only the entries that differ (identical subtrees are skipped by their id).
/// <c>.git</c> entries are never written; submodules are not checked out.
/// </summary>
internal static class TreeWriter
{
    /// <summary>Writes every file of <paramref name="tree"/> into <paramref name="directory"/> (which must not hold them yet).</summary>
    /// <returns>The number of files written.</returns>
    public static int Write(Tree tree, string directory, Action<string> log, CancellationToken cancellationToken)
    {
        var files = 0;
        foreach (var entry in tree)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsWritable(entry))
            {
                files += WriteEntry(entry, Path.Combine(directory, entry.Name), log, cancellationToken);
            }
        }

        return files;
    }

    /// <summary>
    /// Makes <paramref name="directory"/>, which holds exactly the files of <paramref name="from"/>, hold exactly the files of
    /// <paramref name="to"/>: removes what <paramref name="to"/> lacks, writes what is new or changed (content, mode or kind).
    /// </summary>
    /// <returns>The number of files written.</returns>
    public static int Patch(Tree from, Tree to, string directory, Action<string> log, CancellationToken cancellationToken)
    {
        // One pass over each tree (looking entries up by name asks libgit2 for the tree again every time).
        var before = from.Where(IsWritable).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var after = to.Where(IsWritable).ToList();
        var afterNames = after.ToDictionary(e => e.Name, e => IsDirectory(e), StringComparer.Ordinal);
        foreach (var old in before.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!afterNames.TryGetValue(old.Name, out var becomesDirectory) || IsDirectory(old) != becomesDirectory)
            {
                // Gone, or a file became a directory (or back): the new entry is written below.
                Delete(Path.Combine(directory, old.Name));
            }
        }

        var written = 0;
        foreach (var entry in after)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(directory, entry.Name);
            before.TryGetValue(entry.Name, out var previous);
            if (previous is not null && previous.Mode == entry.Mode && previous.Target.Id == entry.Target.Id)
            {
                continue;
            }

            if (previous is not null && IsDirectory(previous) && IsDirectory(entry))
            {
                written += Patch((Tree)previous.Target, (Tree)entry.Target, path, log, cancellationToken);
                continue;
            }

            if (previous is not null)
            {
                Delete(path);
            }

            written += WriteEntry(entry, path, log, cancellationToken);
        }

        return written;
    }

    /// <summary>The number of files <see cref="Write"/> would write for <paramref name="tree"/>.</summary>
    public static int CountFiles(Tree tree)
    {
        var files = 0;
        foreach (var entry in tree)
        {
            if (!IsWritable(entry))
            {
                continue;
            }

            files += entry.Mode switch
            {
                Mode.Directory => CountFiles((Tree)entry.Target),
                Mode.SymbolicLink or Mode.NonExecutableFile or Mode.NonExecutableGroupWritableFile or Mode.ExecutableFile => 1,
                _ => 0,
            };
        }

        return files;
    }

    private static bool IsWritable(TreeEntry entry) =>
        entry.Name is not ("." or "..") && !entry.Name.Equals(".git", StringComparison.OrdinalIgnoreCase) && !entry.Name.Contains('/', StringComparison.Ordinal);

    private static bool IsDirectory(TreeEntry entry) => entry.Mode == Mode.Directory;

    private static int WriteEntry(TreeEntry entry, string path, Action<string> log, CancellationToken cancellationToken)
    {
        switch (entry.Mode)
        {
            case Mode.Directory:
                Directory.CreateDirectory(path);
                return Write((Tree)entry.Target, path, log, cancellationToken);
            case Mode.SymbolicLink:
                File.CreateSymbolicLink(path, ((Blob)entry.Target).GetContentText());
                return 1;
            case Mode.NonExecutableFile or Mode.NonExecutableGroupWritableFile or Mode.ExecutableFile:
                using (var source = ((Blob)entry.Target).GetContentStream())
                using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0))
                {
                    source.CopyTo(target);
                }

                if (entry.Mode == Mode.ExecutableFile && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                }

                return 1;
            case Mode.GitLink:
                log($"Submodule {entry.Path} is not checked out (submodules are not supported yet)");
                return 0;
            default:
                return 0;
        }
    }

    /// <summary>Removes a file, a symbolic link (never what it points to) or a directory tree; nothing when absent.</summary>
    private static void Delete(string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is not null || file.Exists)
        {
            file.Delete();
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
