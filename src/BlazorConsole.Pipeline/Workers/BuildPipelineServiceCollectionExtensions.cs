using BlazorConsole.Pipeline.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Pipeline.Workers;

public static class BuildPipelineServiceCollectionExtensions
{
    /// <summary>
    /// The build lifecycle: the pipeline's building blocks (<see cref="PipelineServiceCollectionExtensions.AddBuildPipelineBlocks"/>),
    /// the queue (<see cref="BuildQueueServiceCollectionExtensions.AddBuildQueue"/>) and the workers that claim, run,
    /// finish, deploy and recover builds (<see cref="BuildWorkers"/>, a hosted service).
    /// The host provides the ports: <see cref="IOAuthBindingAccess"/>, <see cref="IBuildPageLinks"/> and
    /// <see cref="IBuildWorkersReadiness"/>; and, as for the rest of the pipeline, an engine, an
    /// <c>IConsoleEventStream</c>, the data protection behind <c>SecretProtector</c> and the runtime's <c>ReleaseManager</c>.
    /// </summary>
    /// <param name="dataDirectory">The console's data directory (<c>Console:DataDir</c>), resolved from the container.</param>
    public static IServiceCollection AddBuildPipeline(this IServiceCollection services, Func<IServiceProvider, string> dataDirectory)
    {
        services.AddBuildPipelineBlocks(dataDirectory);
        services.AddBuildQueue();
        services.AddSingleton<RunningBuilds>();
        services.AddSingleton<BuildCommitStatus>();
        services.AddSingleton<BuildCredentials>();
        services.AddSingleton<BuildRequestFactory>();
        services.AddSingleton<BuildFinisher>();
        services.AddSingleton<BuildRecovery>();
        services.AddSingleton<BuildExecution>();
        services.AddSingleton<BuildWorkers>();
        services.AddHostedService(provider => provider.GetRequiredService<BuildWorkers>());
        services.AddHostedService<BuildCancelRequests>(); // a cancel reaches the replica that runs the build
        return services;
    }
}
