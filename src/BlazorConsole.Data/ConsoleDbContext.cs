using BlazorConsole.Domain.Access;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Releases;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Domain.Teams;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Data;

/// <summary>
/// The console's state, provider-neutral: the engines (Data.Sqlite, Data.Postgres) add their conventions through their
/// options (e.g. SQLite stores instants as ticks) and keep their own migrations.
/// </summary>
public sealed class ConsoleDbContext(DbContextOptions<ConsoleDbContext> options) : IdentityDbContext<ConsoleUser>(options), IDataProtectionKeyContext
{
    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Application> Applications => Set<Application>();

    public DbSet<Component> Components => Set<Component>();

    public DbSet<Build> Builds => Set<Build>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookDeliveryBody> WebhookDeliveryBodies => Set<WebhookDeliveryBody>();
    public DbSet<OAuthService> OAuthServices => Set<OAuthService>();

    public DbSet<OAuthBinding> OAuthBindings => Set<OAuthBinding>();

    public DbSet<OAuthAuthorization> OAuthAuthorizations => Set<OAuthAuthorization>();

    public DbSet<Release> Releases => Set<Release>();

    public DbSet<ComponentVariable> ComponentVariables => Set<ComponentVariable>();

    /// <summary>The Data Protection key ring when <c>Console:KeysInDatabase</c> is on (every replica decrypts every secret).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ConsoleDbContext).Assembly);
    }
}
