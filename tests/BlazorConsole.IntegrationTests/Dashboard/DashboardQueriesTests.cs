using System.Net;
using System.Net.Http.Json;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Dashboard;

namespace BlazorConsole.IntegrationTests.Dashboard;

public class DashboardQueriesTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task A_member_sees_the_newest_builds_and_deliveries_of_their_teams_components_and_an_admin_sees_all()
    {
        using var admin = factory.CreateApiClient(ConsoleFactory.AdminToken);
        var team = "dash-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/teams", new { name = team })).StatusCode);
        var a = await CreateComponentAsync(admin, team, "comp-a");
        var b = await CreateComponentAsync(admin, team, "comp-b");
        await CreateComponentAsync(admin, team, "comp-quiet");
        var other = await CreateComponentAsync(admin, "default", "other-" + team);
        var member = await factory.CreateUserAsync($"{team}@example.test", defaultTeamRole: null);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/teams/{team}/members", new { email = member.Email, role = "Viewer" })).StatusCode);

        // Oldest first: the member's rows interleave with another team's, which has the newest of all.
        Guid[] order = [a, a, a, other, b, other, b, other, b, other, a, b, other, other];
        await factory.WithDbAsync(async db =>
        {
            var numbers = new Dictionary<Guid, int>();
            foreach (var component in order)
            {
                var delivery = new WebhookDelivery { ComponentId = component, Provider = "github", Event = "push", ReceivedAt = DateTimeOffset.UtcNow, Status = 200, Decision = WebhookDecision.Skipped, Ref = "refs/heads/main" };
                db.WebhookDeliveries.Add(delivery);
                await db.SaveChangesAsync();
                numbers[component] = numbers.GetValueOrDefault(component) + 1;
                var build = Build.Queue(component, numbers[component], BuildTrigger.Manual, "refs/heads/main", awaitingApproval: false, DateTimeOffset.UtcNow);
                build.Claim(DateTimeOffset.UtcNow, "test-replica");
                build.Finish(BuildStatus.Succeeded, null, DateTimeOffset.UtcNow);
                db.Builds.Add(build);
                await db.SaveChangesAsync();
            }

            return 0;
        });
        Guid[] mine = [a, b];
        var newestDeliveries = await factory.WithDbAsync(db => db.WebhookDeliveries.Where(d => mine.Contains(d.ComponentId)).OrderByDescending(d => d.Id).Take(5).Select(d => d.Id).ToListAsync());
        var newestBuilds = await factory.WithDbAsync(db => db.Builds.Where(x => mine.Contains(x.ComponentId)).OrderByDescending(x => x.Id).Take(5).Select(x => x.Id).ToListAsync());
        var queries = factory.Services.GetRequiredService<DashboardQueries>();

        var (builds, deliveries) = await queries.RecentAsync(member.Id, isPlatformAdmin: false, 5);

        Assert.Equal(newestDeliveries, deliveries.Select(d => d.Id));
        Assert.Equal(newestBuilds, builds.Select(x => x.Id));
        Assert.Equal([b, a, b, b, b], deliveries.Select(d => d.ComponentId));
        Assert.All(deliveries, d => Assert.Equal(team, d.Team));
        Assert.Equal("comp-b", deliveries[0].Component);
        Assert.Equal([4, 4, 3, 2, 1], builds.Select(x => x.Number));

        var everything = await queries.RecentAsync(member.Id, isPlatformAdmin: true, 5);
        Assert.Equal(other, everything.Deliveries[0].ComponentId);
        Assert.Equal(other, everything.Builds[0].ComponentId);

        var stranger = await factory.CreateUserAsync($"stranger-{team}@example.test", defaultTeamRole: null);
        var none = await queries.RecentAsync(stranger.Id, isPlatformAdmin: false, 5);
        Assert.Empty(none.Builds);
        Assert.Empty(none.Deliveries);
    }

    private static async Task<Guid> CreateComponentAsync(HttpClient admin, string team, string name)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/teams/{team}/components", new { name, application = "apps", gitUrl = "https://git.example.test/x.git", branch = "main" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.ReadJsonAsync()).GetProperty("id").GetString()!);
    }
}
