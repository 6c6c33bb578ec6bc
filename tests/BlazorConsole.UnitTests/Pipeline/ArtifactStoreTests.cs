using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorConsole.UnitTests.Pipeline;

public sealed class ArtifactStoreTests : IDisposable
{
    private readonly DirectoryInfo data = Directory.CreateTempSubdirectory("bc-artifacts-");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ArtifactStore store;
    private readonly RecordingImageBuilder images = new();

    public ArtifactStoreTests() =>
        store = new ArtifactStore(new PipelinePaths(data.FullName), Options.Create(new BuildsOptions { KeepArtifacts = 2 }), time, images);

    public void Dispose() => data.Delete(recursive: true);

    private async Task BuildAsync(string buildKey, IEnumerable<string>? inUse = null, string? image = null)
    {
        var directory = store.Prepare("web", buildKey);
        if (image is null)
        {
            File.WriteAllText(Path.Combine(directory, "app.txt"), buildKey);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        await store.CommitAsync("web", buildKey, new string('a', 40), "Static", null, image, inUse);
    }

    [Fact]
    public async Task Only_the_last_n_artifacts_of_a_component_are_kept_besides_those_in_use()
    {
        await BuildAsync("1");
        await BuildAsync("2");
        await BuildAsync("3", inUse: ["1"]);
        await BuildAsync("4");

        Assert.Equal(["4", "3"], store.List("web").Select(m => m.BuildKey));
        Assert.False(Directory.Exists(Path.Combine(data.FullName, "artifacts", "web", "1")));
        Assert.Equal("4", File.ReadAllText(Path.Combine(store.List("web")[0].Directory, "app.txt")));
    }

    [Fact]
    public async Task An_image_build_keeps_its_reference_in_the_manifest_and_pruning_it_removes_the_image_best_effort()
    {
        await BuildAsync("1", image: "blazorconsole/t/web:1");
        images.FailFor.Add("blazorconsole/t/web:2");
        await BuildAsync("2", image: "blazorconsole/t/web:2");
        await BuildAsync("3");

        var kept = store.List("web");
        Assert.Equal(["3", "2"], kept.Select(m => m.BuildKey));
        Assert.Equal(ReleaseArtifact.OfImage("blazorconsole/t/web:2"), kept[1].Artifact);
        Assert.False(Directory.Exists(Path.Combine(data.FullName, "artifacts", "web", "2")), "an image build keeps no directory");
        Assert.Equal(["blazorconsole/t/web:1"], images.Removed);

        await BuildAsync("4"); // prunes build 2, whose image the engine refuses to remove: logged, the build stands
        Assert.Equal(["4", "3"], store.List("web").Select(m => m.BuildKey));
        Assert.Equal(["blazorconsole/t/web:1"], images.Removed);
    }

    [Fact]
    public async Task An_interrupted_build_leaves_an_incomplete_artifact_that_is_removed_after_a_restart()
    {
        await BuildAsync("1");
        store.Prepare("web", "2");

        Assert.Equal(1, store.DeleteIncomplete());
        Assert.Equal(["1"], store.List("web").Select(m => m.BuildKey));
    }
}

/// <summary>Records what retention asks the image port to remove; refuses the references in <see cref="FailFor"/>.</summary>
internal sealed class RecordingImageBuilder : IImageBuilder
{
    public List<string> Removed { get; } = [];

    public HashSet<string> FailFor { get; } = [];

    public Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task<string> BuildAsync(ImageBuildRequest request, Action<string> log, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> ExistsAsync(string reference, CancellationToken cancellationToken) => Task.FromResult(!Removed.Contains(reference));

    public string? RunImageFor(BlazorConsole.Pipeline.Detection.AppLanguage language) => null;

    public Task RemoveAsync(string reference, CancellationToken cancellationToken)
    {
        if (FailFor.Contains(reference))
        {
            throw new IOException("the engine is busy");
        }

        Removed.Add(reference);
        return Task.CompletedTask;
    }
}
