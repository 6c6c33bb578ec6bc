using BlazorConsole.Pipeline.Buildpacks;

namespace BlazorConsole.UnitTests.Pipeline;

/// <summary>The console reads a repository's Dockerfile or .dockerignore itself: never through a link, never unbounded.</summary>
public sealed class RepositoryFileTests : IDisposable
{
    private readonly string checkout = Directory.CreateTempSubdirectory("bc-repofile-").FullName;
    private readonly string outside = Directory.CreateTempSubdirectory("bc-repofile-secret-").FullName;

    [Fact]
    public void A_regular_file_is_read_and_a_missing_one_is_null()
    {
        File.WriteAllText(Path.Combine(checkout, "Dockerfile"), "FROM scratch\n");
        Assert.Equal("FROM scratch\n", RepositoryFile.ReadText(checkout, Path.Combine(checkout, "Dockerfile")));
        Assert.Null(RepositoryFile.ReadText(checkout, Path.Combine(checkout, ".dockerignore")));
    }

    [Fact]
    public void A_file_or_directory_that_is_a_link_out_of_the_checkout_is_refused()
    {
        File.WriteAllText(Path.Combine(outside, "keys.xml"), "<key>secret</key>");
        File.CreateSymbolicLink(Path.Combine(checkout, "Dockerfile"), Path.Combine(outside, "keys.xml"));
        Directory.CreateSymbolicLink(Path.Combine(checkout, "deploy"), outside);

        Assert.Contains("symbolic link", Assert.Throws<BuildFailedException>(() => RepositoryFile.ReadText(checkout, Path.Combine(checkout, "Dockerfile"))).Message, StringComparison.Ordinal);
        Assert.Throws<BuildFailedException>(() => RepositoryFile.ReadText(checkout, Path.Combine(checkout, "deploy", "keys.xml")));
        File.CreateSymbolicLink(Path.Combine(checkout, ".dockerignore"), "/dev/zero");
        Assert.Throws<BuildFailedException>(() => RepositoryFile.ReadText(checkout, Path.Combine(checkout, ".dockerignore")));
    }

    [Fact]
    public void A_file_larger_than_the_bound_is_refused()
    {
        File.WriteAllText(Path.Combine(checkout, "Dockerfile"), new string('#', RepositoryFile.MaxBytes + 1));
        Assert.Contains("larger than", Assert.Throws<BuildFailedException>(() => RepositoryFile.ReadText(checkout, Path.Combine(checkout, "Dockerfile"))).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(checkout, recursive: true);
        Directory.Delete(outside, recursive: true);
    }
}
