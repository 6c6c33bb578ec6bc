using System.Formats.Tar;
using System.Runtime.Versioning;
using BlazorConsole.Runtime.Docker;

namespace BlazorConsole.UnitTests.Runtime;

/// <summary>The tar the engine gets: what .dockerignore leaves, with modes, and links as links.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class BuildContextArchiveTests : IDisposable
{
    private readonly DirectoryInfo context = Directory.CreateTempSubdirectory("bc-context-");

    public void Dispose() => context.Delete(recursive: true);

    private string Write(string relative, string content = "x")
    {
        var path = Path.Combine(context.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<Dictionary<string, TarEntry>> ArchiveAsync(string dockerfile = "Dockerfile")
    {
        using var tar = new MemoryStream();
        await BuildContextArchive.WriteAsync(context.FullName, dockerfile, tar, CancellationToken.None);
        tar.Position = 0;
        var entries = new Dictionary<string, TarEntry>(StringComparer.Ordinal);
        using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false) is { } entry)
        {
            entries[entry.Name.TrimEnd('/')] = entry;
        }

        return entries;
    }

    [Fact]
    public async Task Ignored_files_stay_out_but_the_dockerfile_and_dockerignore_always_go()
    {
        Write("docker/app.Dockerfile", "FROM scratch");
        Write(".dockerignore", "*\n!src\nsrc/**/*.tmp\n");
        Write("secret.txt");
        Write("src/main.c");
        Write("src/deep/x.tmp");

        var entries = await ArchiveAsync("docker/app.Dockerfile");

        // "docker" itself is excluded (by "*") but walked, for the Dockerfile in it: the file goes, the directory entry does not.
        Assert.Equal([".dockerignore", "docker/app.Dockerfile", "src", "src/deep", "src/main.c"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("secret.txt", entries.Keys);
        Assert.DoesNotContain("src/deep/x.tmp", entries.Keys);
    }

    [Fact]
    public async Task Modes_are_kept_and_a_link_out_of_the_checkout_goes_as_a_link()
    {
        Write("Dockerfile", "FROM scratch");
        var script = Write("run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(context.FullName, "passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(context.FullName, "etc"), "/etc");

        var entries = await ArchiveAsync();

        Assert.Equal((UnixFileMode)0b111_101_101, entries["run.sh"].Mode);
        Assert.Equal(TarEntryType.SymbolicLink, entries["passwd"].EntryType);
        Assert.Equal("/etc/passwd", entries["passwd"].LinkName);
        Assert.Equal(TarEntryType.SymbolicLink, entries["etc"].EntryType);
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("etc/", StringComparison.Ordinal)); // never walked into
    }
}
