using BlazorConsole.Pipeline;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Builds.Logs;
using BlazorConsole.Web.Features.Builds.Workers;
using BlazorConsole.Web.Features.Components;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Features.Builds;

internal static class BuildsFeature
{
    /// <summary>The build pipeline in the host: building blocks under the data dir, workers, actions and the log hub.</summary>
    public static IServiceCollection AddBuilds(this IServiceCollection services)
    {
        services.AddBuildPipelineBlocks(provider => provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.DataDirFullPath);
        services.AddSingleton<RunningBuilds>();
        services.AddSingleton<BuildCommitStatus>();
        services.AddSingleton<BuildCredentials>();
        services.AddSingleton<BuildQueries>();
        services.AddSingleton<BuildActions>();
        services.AddSingleton<IFirstBuildRequester>(provider => provider.GetRequiredService<BuildActions>());
        services.AddSingleton<ComponentLanguages>();
        services.AddSingleton<BuildWorkers>();
        services.AddHostedService(provider => provider.GetRequiredService<BuildWorkers>());
        services.AddSignalR();
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
