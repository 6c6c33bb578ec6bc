using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Engines;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Hosting;

internal static class HostingServiceCollectionExtensions
{
    /// <summary>Options, data directory, database and Data Protection: everything that hangs off <c>Console:DataDir</c>.</summary>
    public static WebApplicationBuilder AddConsoleHosting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>()
            .BindConfiguration(ConsoleOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.Bootstrap.AdminEmail) == string.IsNullOrEmpty(o.Bootstrap.AdminPassword),
                "Console:Bootstrap:AdminEmail and Console:Bootstrap:AdminPassword go together: set both or neither.")
            .Validate(o => string.IsNullOrEmpty(o.Bootstrap.AdminApiToken) || !string.IsNullOrEmpty(o.Bootstrap.AdminEmail),
                "Console:Bootstrap:AdminApiToken needs Console:Bootstrap:AdminEmail (the token belongs to that admin).")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ReplicaSettingsValidation>();
        // Several replicas: releases run only where every replica reaches them (Docker), never as one replica's child process.
        services.AddOptions<BlazorConsole.Pipeline.Runtime.RuntimeOptions>()
            .PostConfigure<IConfiguration>((runtime, configuration) => runtime.SeveralReplicas |= ReplicaMode.IsOn(configuration));
        services.AddSingleton<BootstrapSecretFiles>();
        services.AddSingleton<IPostConfigureOptions<ConsoleOptions>>(provider => provider.GetRequiredService<BootstrapSecretFiles>());
        services.AddSingleton<IValidateOptions<ConsoleOptions>>(provider => provider.GetRequiredService<BootstrapSecretFiles>());

        services.AddSingleton(TimeProvider.System);
        services.AddConsoleEngines(provider => EnsureDirectory(provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.DataDirFullPath, "console.db"));

        // Keys live under the data directory, so stored secrets stay readable across restarts and upgrades; or in the
        // database (Console:KeysInDatabase), so that several consoles sharing one database decrypt each other's secrets.
        services.AddDataProtection().SetApplicationName("BlazorConsole");
        services.AddSingleton<SecretProtector>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<ConsoleOptions>, ILoggerFactory, IServiceProvider>((keys, console, loggers, provider) =>
                keys.XmlRepository = console.Value.KeysInDatabase
                    ? new EntityFrameworkCoreXmlRepository<ConsoleDbContext>(provider, loggers)
                    : new FileSystemXmlRepository(new DirectoryInfo(EnsureDirectory(console.Value.DataProtectionKeysPath, null)), loggers));
        return builder;
    }

    public static string PublicBaseUrl(this IOptions<ConsoleOptions> options, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        return options.Value.PublicBaseUrl($"{request.Scheme}://{request.Host}{request.PathBase}");
    }

    private static string EnsureDirectory(string directory, string? file)
    {
        Directory.CreateDirectory(directory);
        return file is null ? directory : Path.Combine(directory, file);
    }
}
