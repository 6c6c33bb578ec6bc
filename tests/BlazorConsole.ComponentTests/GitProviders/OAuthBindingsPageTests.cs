using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Web.Features.PersonalCenter;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.GitProviders;

namespace BlazorConsole.ComponentTests.GitProviders;

public class OAuthBindingsPageTests : GitProviderComponentTest
{
    [Fact]
    public async Task Each_service_shows_its_binding_state_with_the_action_that_fits()
    {
        var userId = await SignInAsync("dev@example.test");
        var fresh = await AddServiceAsync("Fresh GitLab");
        var bound = await AddServiceAsync("Company GitHub", GitProviderKind.GitHub);
        var expired = await AddServiceAsync("Old Gitee", GitProviderKind.Gitee);
        await AddServiceAsync("Someone else's", ownerUserId: await OtherUserAsync());
        await AddBindingAsync(userId, bound.Id, "octocat", OAuthBindingStatus.Bound);
        await AddBindingAsync(userId, expired.Id, "kit101", OAuthBindingStatus.Expired, "Refreshing the token failed: invalid_grant.");

        var page = Render<ProvidersHost>(host => host.AddChildContent<OAuthBindingsPage>());

        var rows = page.WaitForElements("[data-testid=oauth-bindings-table] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.DoesNotContain("Someone else's", page.Markup, StringComparison.Ordinal);
        var freshRow = rows.Single(r => r.TextContent.Contains(fresh.Name, StringComparison.Ordinal));
        Assert.Contains("not bound", freshRow.TextContent, StringComparison.Ordinal);
        Assert.NotNull(freshRow.QuerySelector("[data-testid=go-authenticate]"));
        var boundRow = rows.Single(r => r.TextContent.Contains("Company GitHub", StringComparison.Ordinal));
        Assert.Contains("bound as @octocat", boundRow.TextContent, StringComparison.Ordinal);
        Assert.NotNull(boundRow.QuerySelector("[data-testid=browse-repositories]"));
        var expiredRow = rows.Single(r => r.TextContent.Contains("Old Gitee", StringComparison.Ordinal));
        Assert.Contains("expired", expiredRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", expiredRow.TextContent, StringComparison.Ordinal);
        Assert.NotNull(expiredRow.QuerySelector("[data-testid=re-authenticate]"));
        Assert.Null(expiredRow.QuerySelector("[data-testid=browse-repositories]"));
    }

    [Fact]
    public async Task Go_to_Authentication_leaves_for_the_authorize_endpoint_with_a_way_back()
    {
        await SignInAsync("dev@example.test");
        var service = await AddServiceAsync("Fresh GitLab");
        var page = Render<ProvidersHost>(host => host.AddChildContent<OAuthBindingsPage>());

        page.WaitForElement("[data-testid=go-authenticate]").Click();

        var navigation = Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>();
        Assert.EndsWith($"/console/oauth/authorize/{service.Id}?returnUrl=%2Faccount%2Foauth-bindings", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unbinding_asks_first_and_cancel_keeps_the_account()
    {
        var userId = await SignInAsync("dev@example.test");
        var service = await AddServiceAsync("Company GitHub", GitProviderKind.GitHub);
        await AddBindingAsync(userId, service.Id, "octocat", OAuthBindingStatus.Bound);
        var bindings = Services.GetRequiredService<OAuthBindingService>();
        var page = Render<ProvidersHost>(host => host.AddChildContent<OAuthBindingsPage>());

        page.WaitForElement("[data-testid=unbind]").Click();
        page.WaitForAssertion(() => Assert.Contains("Unbind @octocat", page.Markup, StringComparison.Ordinal));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.Equal(OAuthAccountStatus.Bound, Assert.Single(await bindings.ListAsync(userId)).Status);

        page.Find("[data-testid=unbind]").Click();
        page.WaitForAssertion(() => Assert.Contains("Unbind @octocat", page.Markup, StringComparison.Ordinal));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Unbind" && b.GetAttribute("data-testid") is null).Click();

        page.WaitForAssertion(() => Assert.Contains("not bound", page.Find("[data-testid=oauth-bindings-table]").TextContent, StringComparison.Ordinal));
        Assert.Equal(OAuthAccountStatus.NotBound, Assert.Single(await bindings.ListAsync(userId)).Status);
    }

    private async Task<string> OtherUserAsync()
    {
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<BlazorConsole.Data.ConsoleDbContext>>().CreateDbContextAsync();
        var user = new BlazorConsole.Data.ConsoleUser { Id = Guid.NewGuid().ToString(), Email = "x@example.test", UserName = "x@example.test" };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }
}
