using BlazorConsole.Data;
using BlazorConsole.Domain.Access;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Web.Features.Health;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Tokens;

namespace BlazorConsole.Web.Features.Accounts;

/// <summary>
/// Start-up: applies migrations, makes sure the PlatformAdmin role and the <c>default</c> team exist, and creates
/// the bootstrap admin (and API token) from configuration when no user exists yet. Runs before Kestrel accepts requests.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopeFactory,
    IOptions<ConsoleOptions> options,
    IConsoleDatabase database,
    ConsoleReadiness readiness,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using (var db = await services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await database.MigrateAsync(db, cancellationToken);
            var provisioning = services.GetRequiredService<AccountProvisioning>();
            await provisioning.EnsureRoleAsync(ConsoleRoles.PlatformAdmin);
            await provisioning.EnsureDefaultTeamAsync(db, cancellationToken);
        }

        await BootstrapAsync(services, cancellationToken);
        readiness.MarkDatabaseReady();
        LogReady(logger, options.Value.DataDirFullPath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task BootstrapAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var bootstrap = options.Value.Bootstrap;
        if (string.IsNullOrEmpty(bootstrap.AdminEmail) || string.IsNullOrEmpty(bootstrap.AdminPassword))
        {
            return;
        }

        var provisioning = services.GetRequiredService<AccountProvisioning>();
        var userManager = services.GetRequiredService<UserManager<ConsoleUser>>();
        if (await provisioning.AnyUserExistsAsync(cancellationToken))
        {
            LogBootstrapSkipped(logger);
        }
        else
        {
            var (created, error) = await provisioning.CreateFirstAdminAsync(bootstrap.AdminEmail, bootstrap.AdminPassword, AuditActions.BootstrapAdminCreated, remoteIp: null, cancellationToken);
            if (created is null)
            {
                throw new InvalidOperationException($"Console:Bootstrap could not create the admin account: {error}");
            }

            LogBootstrapAdminCreated(logger, created.Email ?? bootstrap.AdminEmail);
        }

        if (string.IsNullOrEmpty(bootstrap.AdminApiToken))
        {
            return;
        }

        // Its form was checked with the options at start (BootstrapSecretFiles), before the admin above was created.
        var admin = await userManager.FindByEmailAsync(bootstrap.AdminEmail);
        if (admin is null)
        {
            return;
        }

        var hash = ApiTokenFormat.Hash(bootstrap.AdminApiToken);
        await using var db = await services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync(cancellationToken);
        if (!await db.ApiTokens.AnyAsync(t => t.Hash == hash, cancellationToken))
        {
            await services.GetRequiredService<ApiTokenService>().StoreAsync(admin.Id, "bootstrap", bootstrap.AdminApiToken, expiresInDays: null, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Console ready; data directory {DataDir}")]
    private static partial void LogReady(ILogger logger, string dataDir);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} created from configuration")]
    private static partial void LogBootstrapAdminCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console:Bootstrap ignored: accounts already exist")]
    private static partial void LogBootstrapSkipped(ILogger logger);
}
