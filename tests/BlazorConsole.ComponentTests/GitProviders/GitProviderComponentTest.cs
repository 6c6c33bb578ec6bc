using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.TestSupport;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.GitProviders;

namespace BlazorConsole.ComponentTests.GitProviders;

/// <summary>The console's base test context plus the Git provider services (real ones; no provider is called).</summary>
public abstract class GitProviderComponentTest : ConsoleComponentTest
{
    protected GitProviderComponentTest()
    {
        Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        Services.AddSingleton<SecretProtector>();
        Services.AddOptions<ConsoleOptions>();
        Services.AddOptions<GitProviderOptions>();
        Services.AddSingleton(LoopbackOutbound.Guard); // before the clients: they keep this one (the fake provider is on 127.0.0.1)
        Services.AddGitProviderClients();
        Services.AddSingleton<OAuthServiceCatalog>();
        Services.AddSingleton<ProviderErrorDisclosure>();
        Services.AddSingleton<OAuthBindingService>();
    }

    protected async Task<OAuthService> AddServiceAsync(string name, GitProviderKind type = GitProviderKind.GitLab, string? ownerUserId = null)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var service = new OAuthService
        {
            Name = name,
            Type = type,
            ServiceAddress = "https://git.example.test",
            ClientId = "client-" + name,
            ClientSecretProtected = Services.GetRequiredService<SecretProtector>().Protect("secret-of-" + name),
            Scope = ownerUserId is null ? OAuthServiceScope.Platform : OAuthServiceScope.Personal,
            OwnerUserId = ownerUserId,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.OAuthServices.Add(service);
        await db.SaveChangesAsync();
        return service;
    }

    protected async Task AddBindingAsync(string userId, Guid serviceId, string login, OAuthBindingStatus status, string? reason = null)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        db.OAuthBindings.Add(new OAuthBinding
        {
            UserId = userId,
            ServiceId = serviceId,
            ProviderUserId = "1",
            ProviderLogin = login,
            AccessTokenProtected = Services.GetRequiredService<SecretProtector>().Protect("token"),
            Status = status,
            StatusReason = reason,
            BoundAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
