using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Web.Features.Tokens.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Tokens;

namespace BlazorConsole.ComponentTests.Tokens;

public class AccessTokensPageTests : ConsoleComponentTest
{
    [Fact]
    public async Task Creating_a_token_shows_its_value_once_and_lists_only_its_prefix()
    {
        var userId = await SignInAsync("dev@example.test");
        var page = Render<ProvidersHost>(host => host.AddChildContent<AccessTokensPage>());

        page.Find("input[data-testid=token-name], [data-testid=token-name] input").Input("ci-deploy");
        page.Find("[data-testid=create-token]").Click();

        var value = page.WaitForElement("[data-testid=new-token-value]").TextContent;
        Assert.StartsWith("bct_", value, StringComparison.Ordinal);
        var table = page.Find("[data-testid=tokens-table]").TextContent;
        Assert.Contains("ci-deploy", table, StringComparison.Ordinal);
        Assert.Contains(value[..12], table, StringComparison.Ordinal);
        Assert.DoesNotContain(value, table, StringComparison.Ordinal);

        var stored = Assert.Single(await Services.GetRequiredService<ApiTokenService>().ListAsync(userId));
        Assert.True(stored.Active);
        Assert.Equal("ci-deploy", stored.Name);
    }

    [Fact]
    public async Task Revoking_asks_first_and_cancel_keeps_the_token()
    {
        var userId = await SignInAsync("dev@example.test");
        var tokens = Services.GetRequiredService<ApiTokenService>();
        await tokens.CreateAsync(userId, "dev@example.test", "nightly", null);
        var page = Render<ProvidersHost>(host => host.AddChildContent<AccessTokensPage>());

        page.WaitForElement("[data-testid=revoke-token]").Click();
        page.WaitForAssertion(() => Assert.Contains("cannot be undone", page.Markup, StringComparison.Ordinal));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.True(Assert.Single(await tokens.ListAsync(userId)).Active);

        page.Find("[data-testid=revoke-token]").Click();
        page.WaitForAssertion(() => Assert.Contains("cannot be undone", page.Markup, StringComparison.Ordinal));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke" && b.GetAttribute("data-testid") is null).Click();

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("[data-testid=tokens-table]").TextContent, StringComparison.Ordinal));
        Assert.False(Assert.Single(await tokens.ListAsync(userId)).Active);
    }
}
