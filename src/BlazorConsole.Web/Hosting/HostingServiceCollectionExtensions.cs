using BlazorConsole.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Hosting;

internal static class HostingServiceCollectionExtensions
{
    /// <summary>Options, data directory, database and Data Protection: everything that touches <c>Console__DataDir</c>.</summary>
    public static ConsoleOptions AddConsoleHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>()
            .BindConfiguration(ConsoleOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.Bootstrap.AdminEmail) == string.IsNullOrEmpty(o.Bootstrap.AdminPassword),
                "Console:Bootstrap:AdminEmail and Console:Bootstrap:AdminPassword go together: set both or neither.")
            .Validate(o => string.IsNullOrEmpty(o.Bootstrap.AdminApiToken) || !string.IsNullOrEmpty(o.Bootstrap.AdminEmail),
                "Console:Bootstrap:AdminApiToken needs Console:Bootstrap:AdminEmail (the token belongs to that admin).")
            .ValidateOnStart();

        // The data directory is needed before the container is built (database path, key ring), so read it once here.
        var options = builder.Configuration.GetSection(ConsoleOptions.SectionName).Get<ConsoleOptions>() ?? new ConsoleOptions();
        Directory.CreateDirectory(options.DataDirFullPath);
        Directory.CreateDirectory(options.DataProtectionKeysPath);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddConsoleData(options.DatabasePath);
        builder.Services.AddDataProtection()
            .SetApplicationName("BlazorConsole")
            .PersistKeysToFileSystem(new DirectoryInfo(options.DataProtectionKeysPath));
        return options;
    }

    public static string PublicBaseUrl(this IOptions<ConsoleOptions> options, HttpRequest request)
    {
        var configured = options.Value.PublicUrl;
        return string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : configured.TrimEnd('/');
    }
}
