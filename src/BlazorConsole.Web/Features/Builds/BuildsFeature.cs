using BlazorConsole.Pipeline.Workers;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Builds.Logs;
using BlazorConsole.Web.Features.Components;
using BlazorConsole.Web.Features.GitProviders;
using BlazorConsole.Web.Features.Health;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Features.Builds;

internal static class BuildsFeature
{
    /// <summary>
    /// The build pipeline in the host: the pipeline's lifecycle (queue, workers, building blocks under the data dir) with
    /// the host's side of its ports, then what people use (actions, onboarding, languages) and the log hub.
    /// </summary>
    public static IServiceCollection AddBuilds(this IServiceCollection services)
    {
        services.AddBuildPipeline(provider => provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.DataDirFullPath);
        services.AddSingleton<IOAuthBindingAccess, OAuthBindingAccess>();
        services.AddSingleton<IBuildPageLinks, BuildPageLinks>();
        services.AddSingleton<IBuildWorkersReadiness>(provider => provider.GetRequiredService<ConsoleReadiness>());
        services.AddSingleton<BuildQueries>();
        services.AddSingleton<BuildActions>();
        services.AddSingleton<IFirstBuildRequester>(provider => provider.GetRequiredService<BuildActions>());
        services.AddSingleton<ComponentLanguages>();
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
