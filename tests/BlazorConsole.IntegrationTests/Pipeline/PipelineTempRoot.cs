using BlazorConsole.TestSupport;
using BlazorConsole.Pipeline;

namespace BlazorConsole.IntegrationTests.Pipeline;

/// <summary>A temporary directory with <c>repos/</c> (served over HTTP) and <c>data/</c> (the console's data dir).</summary>
public sealed class PipelineTempRoot : IDisposable
{
    public PipelineTempRoot()
    {
        Root = TestDirectories.CreateTraversable("bc-pipe-").FullName;
        Repos = Directory.CreateDirectory(Path.Combine(Root, "repos")).FullName;
        Paths = new PipelinePaths(Path.Combine(Root, "data"));
    }

    public string Root { get; }

    public string Repos { get; }

    public PipelinePaths Paths { get; }

    public string NewDirectory(string name) => Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>
    /// Every file under <paramref name="directory"/> whose bytes contain <paramref name="needle"/>. Callers wait for the
    /// console's background writes first (<see cref="BlazorConsole.Pipeline.Checkout.GitCheckout.WhenSnapshotsWrittenAsync"/>);
    /// a file removed while the tree is walked (a build's temporary file) has nothing left to leak.
    /// </summary>
    public static List<string> FilesContaining(string directory, string needle)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(needle);
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => ReadShared(f).AsSpan().IndexOf(bytes) >= 0)
                .ToList()
            : [];
    }

    private static byte[] ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
