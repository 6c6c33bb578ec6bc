using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorConsole.Runtime.Docker;

public static class DockerRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// The Docker engine: <see cref="DockerOptions"/> (section <c>Docker</c>, validated on start), the API client, the
    /// <see cref="IImageBuilder"/> Dockerfile builds use and the runtime engine <c>docker</c> (<see cref="DockerRuntime"/>:
    /// images run as containers). Nothing connects until a Dockerfile build or a container release needs it (the
    /// start-up clean-up only pings).
    /// </summary>
    public static IServiceCollection AddDockerRuntime(this IServiceCollection services)
    {
        services.AddOptions<DockerOptions>()
            .BindConfiguration(DockerOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.Endpoint?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "unix" or "tcp" or "http" or "https",
                "Docker:Endpoint must be a unix:///path/docker.sock or tcp://host:port address.")
            .ValidateOnStart();
        services.TryAddSingleton<DockerEngine>();
        services.TryAddSingleton<IImageBuilder, DockerImageBuilder>();
        services.AddRuntimeEngine<DockerRuntime>(DockerRuntime.RuntimeName);
        return services;
    }
}
