using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;

namespace BlazorConsole.StaticSiteHost;

// Serves the working directory (a static site's artifact) on 127.0.0.1:$PORT: index.html for a directory, no directory
// listing, 404 "Not found" otherwise. Its sandbox holds nothing but the site and the system, so a link in the site
// that points elsewhere finds nothing of the console's.
// A named class, not top-level statements: the console references this assembly (to ship it), and a public Program would clash with its own.
internal static class StaticSiteHostProgram
{
    public static async Task Main(string[] args)
    {
        var port = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? throw new InvalidOperationException("PORT is not set."), CultureInfo.InvariantCulture);
        var root = Directory.GetCurrentDirectory();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        // Listening where the runtime says is this program's job alone: no ASPNETCORE_URLS of a component's variables moves it.
        builder.WebHost.UseUrls();

        var app = builder.Build();

        // Dot files too, as the site's author wrote them (the artifact is all the site has).
        using var files = new PhysicalFileProvider(root, ExclusionFilters.None);
        app.UseDefaultFiles(new DefaultFilesOptions
        {
            FileProvider = files,
            DefaultFileNames = ["index.html"],
            // "/docs" serves docs/index.html as it is, without a redirect to "/docs/".
            RedirectToAppendTrailingSlash = false,
        });
        var types = new FileExtensionContentTypeProvider();
        foreach (var text in new[] { ".html", ".htm", ".txt" })
        {
            types.Mappings[text] += "; charset=utf-8";
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        });
        app.Run(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("Not found");
        });

        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"static site on port {port.ToString(CultureInfo.InvariantCulture)}"));
        await app.RunAsync();
    }
}
