using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Web.Hosting;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Releases;

namespace BlazorConsole.Web.Features.Releases;

internal static class ReleasesFeature
{
    /// <summary>
    /// The deploy module (app routes, releases, the runtime <c>Runtime:Default</c> names — its engines are registered by
    /// <c>AddConsoleEngines</c>) over <c>Console:DataDir</c> and <c>Console:AppsDomain</c>.
    /// </summary>
    public static IServiceCollection AddReleasesFeature(this IServiceCollection services) =>
        services.AddReleases().AddDeployRuntime(
            provider => provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.DataDirFullPath,
            provider => provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.AppsDomain);

    /// <summary>
    /// The address people open: the app's host on the console's own scheme and port (from <c>Console:PublicUrl</c> when
    /// set, else from the address the caller used), since the console's Kestrel serves the apps by Host header.
    /// </summary>
    public static string? AppUrl(string? host, string consoleBaseUrl)
    {
        if (host is null || !Uri.TryCreate(consoleBaseUrl, UriKind.Absolute, out var console))
        {
            return null;
        }

        return new UriBuilder(console.Scheme, host, console.IsDefaultPort ? -1 : console.Port, "/").Uri.ToString();
    }
}
