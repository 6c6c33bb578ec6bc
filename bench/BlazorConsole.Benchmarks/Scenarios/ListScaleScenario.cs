using System.Diagnostics;
using System.Net;
using BlazorConsole.Benchmarks.Infrastructure;
using BlazorConsole.Data;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Dashboard;
using BlazorConsole.Application.Webhooks;

namespace BlazorConsole.Benchmarks.Scenarios;

/// <summary>
/// list-scale: 10,000 components and 1,000,000 webhook deliveries (and the builds the triggered ones started) seeded
/// into a real console's database, then every list a user opens timed one request after another: the team's
/// component list (API, first and last page), a busy component's deliveries (API, page 1, page 100 and the last page)
/// and builds (API), the delivery log as the Blazor tab runs it, and the dashboard's recent builds and deliveries for a
/// platform admin, for a member of the big default team and for a member of a team with no deliveries yet (the newest
/// rows of the whole console are none of theirs). Target: every path's
/// p95 ≤ 100 ms; <c>p95Ms</c> is the worst of them.
/// </summary>
internal sealed class ListScaleScenario : IScenario
{
    private const double TargetMs = 100;

    public string Name => "list-scale";

    public string Description => "10,000 components, 1,000,000 deliveries: API list pages, the delivery log and dashboard queries, p95 ≤ 100 ms";

    public async Task<ScenarioResult> RunAsync(bool quick, TextWriter progress, CancellationToken cancellationToken)
    {
        // --quick keeps every path on a tenth of the data.
        var (components, deliveries, samples) = quick ? (1_000, 100_000, 50) : (10_000, 1_000_000, 200);
        // Retention would keep 1,000 deliveries a component (the default); the busy component here keeps all of its own,
        // as a console configured with a larger Webhooks:KeepPerComponent would.
        await using var host = await BenchHost.StartAsync(new Dictionary<string, string?>
        {
            ["Builds:DeployAfterBuild"] = "false",
            ["Webhooks:KeepPerComponent"] = "1000000",
        });
        var database = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var sqlitePath = database.Provider == DatabaseProvider.Sqlite ? host.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.DatabasePath : null;
        progress.WriteLine($"seeding {components:N0} components and {deliveries:N0} deliveries into {sqlitePath ?? "PostgreSQL"} ({Environment.ProcessorCount} cores)…");
        var seeded = await ListScaleSeed.RunAsync(sqlitePath, database.ConnectionString, components, deliveries, progress, cancellationToken);

        var adminId = await UserIdAsync(host, BenchHost.AdminEmail, cancellationToken);
        var memberId = await CreateMemberAsync(host, seeded.NewTeamId, cancellationToken);

        using var api = host.CreateClient(BenchHost.AdminToken);
        var perPage = 100;
        var defaultComponents = components * 4 / 10;
        var lastComponentPage = (defaultComponents + perPage - 1) / perPage;
        var lastDeliveryPage = (seeded.HotDeliveries + DeliveryService.PageSize - 1) / DeliveryService.PageSize;
        var hot = seeded.HotComponentId;
        var deliveryService = host.Services.GetRequiredService<DeliveryService>();
        var dashboard = host.Services.GetRequiredService<DashboardQueries>();

        var paths = new (string Figure, string What, Func<Task<int>> Run)[]
        {
            ("componentsP95Ms", $"GET /teams/default/components?page=1&perPage={perPage}", () => GetAsync(api, $"/api/v1/teams/default/components?page=1&perPage={perPage}", cancellationToken)),
            ("componentsLastPageP95Ms", $"GET /teams/default/components?page={lastComponentPage}&perPage={perPage}", () => GetAsync(api, $"/api/v1/teams/default/components?page={lastComponentPage}&perPage={perPage}", cancellationToken)),
            ("deliveriesP95Ms", "GET /components/{hot}/deliveries?page=1", () => GetAsync(api, $"/api/v1/components/{hot}/deliveries?page=1", cancellationToken)),
            ("deepPageP95Ms", "GET /components/{hot}/deliveries?page=100", () => GetAsync(api, $"/api/v1/components/{hot}/deliveries?page=100", cancellationToken)),
            ("lastPageP95Ms", $"GET /components/{{hot}}/deliveries?page={lastDeliveryPage}", () => GetAsync(api, $"/api/v1/components/{hot}/deliveries?page={lastDeliveryPage}", cancellationToken)),
            ("buildsP95Ms", "GET /components/{hot}/builds", () => GetAsync(api, $"/api/v1/components/{hot}/builds", cancellationToken)),
            ("deliveryLogP95Ms", "delivery log tab (DeliveryService.ListAsync, page 1)", async () => (await deliveryService.ListAsync(hot, 1, cancellationToken)).Count),
            ("dashboardP95Ms", "dashboard, platform admin (DashboardQueries.RecentAsync)", async () => Count(await dashboard.RecentAsync(adminId, isPlatformAdmin: true, 10, cancellationToken))),
            ("dashboardTeamP95Ms", $"dashboard, admin of the default team ({defaultComponents:N0} components), seen as a member", async () => Count(await dashboard.RecentAsync(adminId, isPlatformAdmin: false, 10, cancellationToken))),
            ("dashboardMemberP95Ms", "dashboard, member of a team without deliveries", async () => Count(await dashboard.RecentAsync(memberId, isPlatformAdmin: false, 10, cancellationToken))),
        };

        var figures = new Dictionary<string, object>
        {
            ["components"] = seeded.Components,
            ["deliveries"] = seeded.Deliveries,
            ["builds"] = seeded.Builds,
            ["samples"] = samples,
        };
        var worst = 0.0;
        foreach (var (figure, what, run) in paths)
        {
            var (p50, p95, items) = await MeasureAsync(run, samples);
            progress.WriteLine($"{what}: {items} items, p50 {p50:0.0} ms, p95 {p95:0.0} ms{(p95 > TargetMs ? "  ← over target" : "")}");
            figures[figure] = Math.Round(p95, 1);
            worst = Math.Max(worst, p95);
        }

        figures["p95Ms"] = Math.Round(worst, 1);
        figures["cores"] = Environment.ProcessorCount;
        return new ScenarioResult(figures, worst <= TargetMs);
    }

    /// <summary>Warm-up calls (not counted), then <paramref name="samples"/> calls one after another: (p50, p95, items in the last answer).</summary>
    private static async Task<(double P50, double P95, int Items)> MeasureAsync(Func<Task<int>> run, int samples)
    {
        var items = 0;
        for (var i = 0; i < 10; i++)
        {
            items = await run();
        }

        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            items = await run();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.95), items);
    }

    /// <summary>Reads the whole JSON array answer and counts its items (so serialization and transfer are timed too).</summary>
    private static async Task<int> GetAsync(HttpClient api, string path, CancellationToken cancellationToken)
    {
        using var response = await api.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetArrayLength();
    }

    private static int Count((IReadOnlyList<RecentBuild> Builds, IReadOnlyList<RecentDelivery> Deliveries) recent) => recent.Builds.Count + recent.Deliveries.Count;

    private static async Task<string> UserIdAsync(BenchHost host, string email, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"no user {email}");
        cancellationToken.ThrowIfCancellationRequested();
        return user.Id;
    }

    /// <summary>A viewer of the team without deliveries or builds.</summary>
    private static async Task<string> CreateMemberAsync(BenchHost host, Guid teamId, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = new ConsoleUser { UserName = "member@example.test", Email = "member@example.test", CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, "benchmark-password-2");
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync(cancellationToken);
        db.TeamMembers.Add(new TeamMember { TeamId = teamId, UserId = user.Id, Role = TeamRole.Viewer, JoinedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(cancellationToken);
        return user.Id;
    }
}
