using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Pipeline.Routing;

public static class AppRoutingExtensions
{
    /// <summary>
    /// Requests whose Host ends in the apps domain branch off before anything of the console runs (authentication,
    /// status-code pages, antiforgery) and go through YARP to the component's current release; every other host is the
    /// console. An apps-domain host with no running release gets a plain 404.
    /// </summary>
    public static IApplicationBuilder UseDeployedApps(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var router = app.ApplicationServices.GetRequiredService<AppRouter>();
        return app.MapWhen(context => router.IsAppHost(context.Request.Host.Host), apps =>
        {
            apps.UseRouting();
            apps.UseEndpoints(endpoints => endpoints.MapReverseProxy());
            apps.Run(async context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync($"No release of a component answers at {context.Request.Host.Host}.");
            });
        });
    }
}
