using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Web.Components.Layout;
using Bunit;

namespace BlazorConsole.ComponentTests.Layout;

public class NavMenuTests : ConsoleComponentTest
{
    [Fact]
    public async Task A_platform_admin_sees_platform_management()
    {
        await SignInAsync("root@example.test", platformAdmin: true);

        var menu = Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.NotNull(menu.Find("[data-testid=nav-platform]")));
        Assert.Contains("/platform/settings", menu.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_developer_does_not_see_platform_management_but_sees_the_personal_center()
    {
        await SignInAsync("dev@example.test", memberships: ("default", TeamRole.Developer));

        var menu = Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.Contains("Team default", menu.Markup, StringComparison.Ordinal));
        Assert.Empty(menu.FindAll("[data-testid=nav-platform]"));
        Assert.DoesNotContain("/platform/settings", menu.Markup, StringComparison.Ordinal);
        foreach (var href in new[] { "/account/git-repos", "/account/oauth-bindings", "/account/tokens", "/teams" })
        {
            Assert.Contains($"href=\"{href}\"", menu.Markup, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_teams_group_lists_only_the_users_own_teams()
    {
        await SignInAsync("other@example.test", memberships: ("payments", TeamRole.Admin));
        await SignInAsync("me@example.test", memberships: ("search", TeamRole.Viewer));

        var menu = Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.Contains("href=\"/teams/search\"", menu.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("/teams/payments", menu.Markup, StringComparison.Ordinal);
    }
}
