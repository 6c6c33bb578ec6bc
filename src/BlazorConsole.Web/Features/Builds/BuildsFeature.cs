using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Workers;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Builds.Logs;
using BlazorConsole.Web.Features.Health;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Builds;

namespace BlazorConsole.Web.Features.Builds;

internal static class BuildsFeature
{
    /// <summary>
    /// The build pipeline in the host: the pipeline's lifecycle (queue, workers, building blocks under the data dir) with
    /// the host's side of its ports, then what people use (actions, queries, languages: Application) and the log hub.
    /// </summary>
    public static IServiceCollection AddBuildsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        // Before the pipeline registers its default: with several replicas the build logs go to Console:SharedDir.
        services.AddSingleton(provider =>
        {
            var console = provider.GetRequiredService<IOptions<ConsoleOptions>>().Value;
            return new PipelinePaths(console.DataDirFullPath, console.SharedDirFullPath);
        });
        services.AddBuildPipeline(provider => provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.DataDirFullPath);
        // The pipeline's ports the host answers; IOAuthBindingAccess comes with the GitProviders use cases.
        services.AddSingleton<IBuildPageLinks, BuildPageLinks>();
        services.AddSingleton<IBuildWorkersReadiness>(provider => provider.GetRequiredService<ConsoleReadiness>());
        services.AddBuilds();
        var signalR = services.AddSignalR();
        // Several replicas: hub messages reach the connections of every replica through Redis (the backplane).
        if (ReplicaMode.RedisConfiguration(configuration) is { } redis)
        {
            var channels = ReplicaMode.ChannelPrefix(configuration) + ":signalr";
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(channels));
        }

        return services;
    }

    public static WebApplication MapBuildLogHub(this WebApplication app)
    {
        // Browsers come with the sign-in cookie, scripts with a bearer API token; the hub checks the build's team itself.
        app.MapHub<BuildLogHub>(BuildLogHub.Path)
            .RequireAuthorization(new AuthorizeAttribute
            {
                Policy = ConsolePolicies.SignedIn,
                AuthenticationSchemes = $"{IdentityConstants.ApplicationScheme},{ApiTokenDefaults.Scheme}",
            })
            .RequireSameOriginBrowsers();
        app.MapBuildLogDownload();
        return app;
    }
}
