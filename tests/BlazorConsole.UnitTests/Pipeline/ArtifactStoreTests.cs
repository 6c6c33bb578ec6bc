using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Buildpacks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorConsole.UnitTests.Pipeline;

public sealed class ArtifactStoreTests : IDisposable
{
    private readonly DirectoryInfo data = Directory.CreateTempSubdirectory("bc-artifacts-");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ArtifactStore store;

    public ArtifactStoreTests() =>
        store = new ArtifactStore(new PipelinePaths(data.FullName), Options.Create(new BuildsOptions { KeepArtifacts = 2 }), time);

    public void Dispose() => data.Delete(recursive: true);

    private void Build(string buildKey, IEnumerable<string>? inUse = null)
    {
        var directory = store.Prepare("web", buildKey);
        File.WriteAllText(Path.Combine(directory, "app.txt"), buildKey);
        time.Advance(TimeSpan.FromMinutes(1));
        store.Commit("web", buildKey, new string('a', 40), "Static", null, inUse);
    }

    [Fact]
    public void Only_the_last_n_artifacts_of_a_component_are_kept_besides_those_in_use()
    {
        Build("1");
        Build("2");
        Build("3", inUse: ["1"]);
        Build("4");

        Assert.Equal(["4", "3"], store.List("web").Select(m => m.BuildKey));
        Assert.False(Directory.Exists(Path.Combine(data.FullName, "artifacts", "web", "1")));
        Assert.Equal("4", File.ReadAllText(Path.Combine(store.List("web")[0].Directory, "app.txt")));
    }

    [Fact]
    public void An_interrupted_build_leaves_an_incomplete_artifact_that_is_removed_after_a_restart()
    {
        Build("1");
        store.Prepare("web", "2");

        Assert.Equal(1, store.DeleteIncomplete());
        Assert.Equal(["1"], store.List("web").Select(m => m.BuildKey));
    }
}
