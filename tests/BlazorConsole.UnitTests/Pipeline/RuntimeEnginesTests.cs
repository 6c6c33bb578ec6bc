using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Runtime.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorConsole.UnitTests.Pipeline;

public class RuntimeEnginesTests
{
    private static RuntimeEngines Engines(string defaultName)
    {
        var services = new ServiceCollection();
        services.AddRuntimeEngine<DirectoryEngine>("process");
        services.AddRuntimeEngine<ImageEngine>("docker");
        services.AddRuntimeEngine<AnythingEngine>("both");
        var provider = services.BuildServiceProvider();
        return new RuntimeEngines(provider, provider.GetServices<RuntimeEngineName>(), Options.Create(new RuntimeOptions { Default = defaultName }));
    }

    [Theory]
    [InlineData(ReleaseArtifactKind.Image, null, "process", "docker")] // an image runs on Docker although the default is process
    [InlineData(ReleaseArtifactKind.Image, "both", "process", "both")] // the component's choice, when it can
    [InlineData(ReleaseArtifactKind.Image, "process", "both", "both")] // the component's choice cannot: the default can
    [InlineData(ReleaseArtifactKind.Directory, null, "process", "process")]
    [InlineData(ReleaseArtifactKind.Directory, "docker", "process", "process")] // Docker runs no directories
    [InlineData(ReleaseArtifactKind.Directory, null, "docker", "process")] // nor does a Docker default
    [InlineData(ReleaseArtifactKind.Directory, "BOTH", "process", "both")]
    [InlineData(ReleaseArtifactKind.Directory, "gone", "both", "both")] // a name the console does not have
    public void A_new_release_runs_on_the_components_engine_else_the_default_else_the_first_that_can_run_its_artifact(
        ReleaseArtifactKind kind, string? componentRuntime, string defaultName, string expected) =>
        Assert.Equal(expected, Engines(defaultName).ChooseFor(kind, componentRuntime)?.Name);

    [Fact]
    public void A_stored_runtime_name_finds_its_engine_whatever_its_case_and_an_unknown_one_finds_none()
    {
        var engines = Engines("process");
        Assert.Equal("docker", engines.Find("Docker")?.Name);
        Assert.Null(engines.Find("kubernetes"));
        Assert.Equal(["process", "docker", "both"], engines.Names);
    }

    [Theory]
    [InlineData(new[] { "3000/tcp", "9000/tcp" }, null, 3000)]
    [InlineData(new[] { "53/udp", "8081/tcp" }, null, 8081)]
    [InlineData(new string[0], "5000", 5000)]
    [InlineData(new string[0], "nonsense", 8080)]
    [InlineData(new string[0], null, 8080)]
    public void A_container_listens_on_the_images_first_exposed_tcp_port_else_PORT_else_8080(string[] exposed, string? port, int expected)
    {
        var variables = port is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["PORT"] = port };
        Assert.Equal(expected, DockerRuntime.ContainerPort(exposed, variables));
    }

    private abstract class FakeEngine(string name, params ReleaseArtifactKind[] kinds) : IRuntime
    {
        public string Name => name;

        public bool CanRun(ReleaseArtifactKind kind) => kinds.Contains(kind);

        public ValueTask<string?> UnavailableReasonAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        public Task<RuntimeEndpoint> StartAsync(ReleaseLaunch launch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StopAsync(long releaseId, TimeSpan grace, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask<RuntimeInstanceState?> GetStateAsync(long releaseId, CancellationToken cancellationToken) => ValueTask.FromResult<RuntimeInstanceState?>(null);

        public ValueTask<bool> IsAvailableAsync(ReleaseArtifact artifact, CancellationToken cancellationToken) => ValueTask.FromResult(true);

        public Task CleanUpLeftoversAsync(IReadOnlyCollection<long> desiredReleaseIds, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAllAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DirectoryEngine() : FakeEngine("process", ReleaseArtifactKind.Directory);

    private sealed class ImageEngine() : FakeEngine("docker", ReleaseArtifactKind.Image);

    private sealed class AnythingEngine() : FakeEngine("both", ReleaseArtifactKind.Directory, ReleaseArtifactKind.Image);
}
