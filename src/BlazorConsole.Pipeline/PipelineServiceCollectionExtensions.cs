using BlazorConsole.Git.Outbound;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Logs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorConsole.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the build pipeline's building blocks: <see cref="BuildsOptions"/> (section <c>Builds</c>, validated on
    /// start), <see cref="PipelinePaths"/> under the data directory, <see cref="GitCheckout"/>, the build log store and
    /// live notifier, the buildpacks (Node.js, Python, .NET, Maven, Static, Dockerfile), <see cref="ArtifactStore"/> and
    /// <see cref="BuildRunner"/>. The queue and workers are registered by whoever wires them.
    /// </summary>
    /// <param name="dataDirectory">The console's data directory (<c>Console:DataDir</c>), resolved from the container.</param>
    public static IServiceCollection AddBuildPipelineBlocks(this IServiceCollection services, Func<IServiceProvider, string> dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        services.AddOptions<BuildsOptions>()
            .BindConfiguration(BuildsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new PipelinePaths(dataDirectory(provider)));
        services.AddOutboundGuard(); // GitCheckout checks each repository's server with it
        services.TryAddSingleton<GitCheckout>();
        services.TryAddSingleton<Sandbox.ProcessSandbox>();
        services.TryAddSingleton<InProcessBuildLogNotifier>();
        services.TryAddSingleton<IBuildLogNotifier>(provider => provider.GetRequiredService<InProcessBuildLogNotifier>());
        services.TryAddSingleton<BuildLogStore>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IBuildpack, NodeBuildpack>(),
            ServiceDescriptor.Singleton<IBuildpack, PythonBuildpack>(),
            ServiceDescriptor.Singleton<IBuildpack, DotNetBuildpack>(),
            ServiceDescriptor.Singleton<IBuildpack, MavenBuildpack>(),
            ServiceDescriptor.Singleton<IBuildpack, StaticBuildpack>(),
            // Builds through IImageBuilder when an engine registered one (AddDockerRuntime); says what to configure when not.
            ServiceDescriptor.Singleton<IBuildpack, DockerfileBuildpack>(),
        ]);
        services.TryAddSingleton<BuildpackCatalog>();
        services.TryAddSingleton<ArtifactStore>();
        services.TryAddSingleton<BuildRunner>();
        return services;
    }
}
