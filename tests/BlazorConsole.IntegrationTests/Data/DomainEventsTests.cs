using System.Collections.Concurrent;
using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Events;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Engines;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Pipeline.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Components;

namespace BlazorConsole.IntegrationTests.Data;

/// <summary>
/// What subscribers (open pages, later the replicas' shared stream) hear of an entity's transitions, on the engine the
/// run uses: only what was committed, once, in order; nothing of a rollback or of a lost race.
/// </summary>
public sealed class DomainEventsTests : IAsyncLifetime
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("bc-events-").FullName;
    private readonly ConcurrentQueue<IDomainEvent> heard = new();
    private ServiceProvider services = null!;
    private InProcessConsoleEventStream stream = null!;
    private IDbContextFactory<ConsoleDbContext> dbFactory = null!;
    private Guid componentId;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["Database:Provider"] = TestDatabases.Provider.ToString() };
        if (TestDatabases.Provider == DatabaseProvider.Postgres)
        {
            settings["ConnectionStrings:Console"] = TestDatabases.EnsurePostgresDatabase(TestDatabases.DatabaseNameFor(dataDir));
        }

        services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddInProcessEventStream()
            .AddConsoleEngines(_ => Path.Combine(dataDir, "console.db"))
            .BuildServiceProvider();
        stream = services.GetRequiredService<InProcessConsoleEventStream>();
        stream.Subscribe((domainEvent, _) =>
        {
            heard.Enqueue(domainEvent);
            return ValueTask.CompletedTask;
        });
        dbFactory = services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        await services.GetRequiredService<IConsoleDatabase>().MigrateAsync(db, CancellationToken.None);
        var team = new Team { Slug = "shop", DisplayName = "Shop", CreatedAt = DateTimeOffset.UtcNow };
        db.Teams.Add(team);
        var application = new BlazorConsole.Domain.Components.Application { TeamId = team.Id, Name = "shop", CreatedAt = DateTimeOffset.UtcNow };
        var component = new Component
        {
            TeamId = team.Id,
            ApplicationId = application.Id,
            Name = "api",
            GitUrl = "https://git.example.test/shop.git",
            Environment = ComponentEnvironment.Production,
            RequireApproval = true,
            WebhookSecretProtected = "not-used-here",
            ApiTriggerKeyHash = "not-used-here",
        };
        db.Applications.Add(application);
        db.Components.Add(component);
        await db.SaveChangesAsync();
        componentId = component.Id;
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        if (TestDatabases.Provider == DatabaseProvider.Postgres)
        {
            await TestDatabases.DropPostgresDatabaseAsync(TestDatabases.DatabaseNameFor(dataDir));
        }

        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task An_approval_is_heard_once_after_it_is_saved_and_a_cancel_after_it()
    {
        var buildId = await AddWaitingBuildAsync(number: 1);

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var build = await db.Builds.SingleAsync(b => b.Id == buildId);
            build.Approve("lead@example.test", DateTimeOffset.UtcNow);
            await stream.DrainAsync(CancellationToken.None);
            Assert.Empty(heard); // raised, not yet saved

            await db.SaveChangesAsync();
            build.Cancel("Canceled by lead@example.test.", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await stream.DrainAsync(CancellationToken.None);
        Assert.Collection(
            heard,
            e => Assert.Equal(new BuildApproved(componentId, buildId, 1, "lead@example.test"), e),
            e => Assert.Equal(BuildStatus.Canceled, Assert.IsType<BuildFinished>(e).Outcome));
    }

    [Fact]
    public async Task Inside_a_transaction_events_wait_for_the_commit_and_a_rollback_drops_them()
    {
        var rolledBack = await AddWaitingBuildAsync(number: 1);
        var committed = await AddWaitingBuildAsync(number: 2);

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Builds.SingleAsync(b => b.Id == rolledBack)).Approve("lead@example.test", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Builds.SingleAsync(b => b.Id == committed)).Approve("lead@example.test", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            await stream.DrainAsync(CancellationToken.None);
            Assert.Empty(heard); // saved inside the transaction, not yet committed

            await transaction.CommitAsync();
        }

        await stream.DrainAsync(CancellationToken.None);
        var approved = Assert.IsType<BuildApproved>(Assert.Single(heard));
        Assert.Equal(committed, approved.BuildId);
        await using var check = await dbFactory.CreateDbContextAsync();
        Assert.Equal(BuildStatus.AwaitingApproval, (await check.Builds.SingleAsync(b => b.Id == rolledBack)).Status);
    }

    [Fact]
    public async Task Of_two_approvers_deciding_at_once_only_the_one_whose_change_was_saved_is_heard()
    {
        var buildId = await AddWaitingBuildAsync(number: 1);
        await using var first = await dbFactory.CreateDbContextAsync();
        await using var second = await dbFactory.CreateDbContextAsync();
        var seenByFirst = await first.Builds.SingleAsync(b => b.Id == buildId);
        var seenBySecond = await second.Builds.SingleAsync(b => b.Id == buildId);

        seenByFirst.Approve("first@example.test", DateTimeOffset.UtcNow);
        await first.SaveChangesAsync();
        seenBySecond.Cancel("Rejected by second@example.test.", DateTimeOffset.UtcNow);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await stream.DrainAsync(CancellationToken.None);
        Assert.Equal("first@example.test", Assert.IsType<BuildApproved>(Assert.Single(heard)).ApprovedBy);
    }

    [Fact]
    public async Task A_subscriber_that_throws_does_not_keep_the_others_from_hearing()
    {
        using var broken = stream.Subscribe((_, _) => throw new InvalidOperationException("a closed page"));
        var buildId = await AddWaitingBuildAsync(number: 1);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            (await db.Builds.SingleAsync(b => b.Id == buildId)).Approve("lead@example.test", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await stream.DrainAsync(CancellationToken.None);
        Assert.IsType<BuildApproved>(Assert.Single(heard));
    }

    private async Task<long> AddWaitingBuildAsync(int number)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var build = Build.Queue(componentId, number, BuildTrigger.Manual, "refs/heads/main", awaitingApproval: true, DateTimeOffset.UtcNow);
        db.Builds.Add(build);
        await db.SaveChangesAsync();
        return build.Id;
    }
}
