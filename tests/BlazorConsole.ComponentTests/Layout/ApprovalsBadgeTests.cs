using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Web.Components.Layout;
using BlazorConsole.Domain.Events;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Components;

namespace BlazorConsole.ComponentTests.Layout;

public class ApprovalsBadgeTests : ConsoleComponentTest
{
    [Fact]
    public async Task A_team_admin_sees_how_many_builds_wait_and_the_count_follows_new_ones()
    {
        await SignInAsync("lead@example.test", memberships: ("default", TeamRole.Admin));
        var componentId = await AddComponentWithBuildsAsync(BuildStatus.AwaitingApproval, BuildStatus.Succeeded);

        var badge = Render<ApprovalsBadge>();

        badge.WaitForAssertion(() => Assert.Contains("Approvals: 1 waiting", badge.Markup, StringComparison.Ordinal));
        var added = await AddBuildAsync(componentId, 3, BuildStatus.AwaitingApproval);
        Services.GetRequiredService<IConsoleEventStream>().Publish(new BuildQueued(componentId, added.Id, added.Number, added.Status));
        badge.WaitForAssertion(() => Assert.Contains("Approvals: 2 waiting", badge.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_viewer_who_cannot_decide_sees_no_count()
    {
        await SignInAsync("watcher@example.test", memberships: ("default", TeamRole.Viewer));
        await AddComponentWithBuildsAsync(BuildStatus.AwaitingApproval);

        var badge = Render<ApprovalsBadge>();

        badge.WaitForAssertion(() => Assert.Contains("Approvals: 0 waiting", badge.Markup, StringComparison.Ordinal));
    }

    private async Task<Guid> AddComponentWithBuildsAsync(params BuildStatus[] statuses)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var team = await db.Teams.SingleAsync(t => t.Slug == "default");
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
        for (var i = 0; i < statuses.Length; i++)
        {
            await AddBuildAsync(component.Id, i + 1, statuses[i]);
        }

        return component.Id;
    }

    private async Task<Build> AddBuildAsync(Guid componentId, int number, BuildStatus status)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var build = Build.Queue(componentId, number, BuildTrigger.Manual, "refs/heads/main", awaitingApproval: status == BuildStatus.AwaitingApproval, DateTimeOffset.UtcNow);
        if (status == BuildStatus.Succeeded)
        {
            build.Claim(DateTimeOffset.UtcNow, "test-replica");
            build.Finish(BuildStatus.Succeeded, null, DateTimeOffset.UtcNow);
        }

        db.Builds.Add(build);
        await db.SaveChangesAsync();
        return build;
    }
}
