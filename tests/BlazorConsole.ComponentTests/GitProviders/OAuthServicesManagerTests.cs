using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Web.Features.PersonalCenter;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.ComponentTests.GitProviders;

public class OAuthServicesManagerTests : GitProviderComponentTest
{
    [Fact]
    public async Task Adding_a_personal_service_stores_the_secret_encrypted_and_never_shows_it()
    {
        var userId = await SignInAsync("dev@example.test");
        var page = Render<ProvidersHost>(host => host.AddChildContent<GitReposPage>());

        page.Find("[data-testid=add-oauth-service]").Click();
        Assert.Contains("New OAuth App", page.Find("[data-testid=provider-help]").TextContent, StringComparison.Ordinal);
        Assert.EndsWith("/console/oauth/redirect", page.Find("[data-testid=oauth-effective-callback]").TextContent, StringComparison.Ordinal);
        page.Find("input[data-testid=oauth-name], [data-testid=oauth-name] input").Input("My GitHub");
        page.Find("input[data-testid=oauth-client-id], [data-testid=oauth-client-id] input").Input("Iv1.abc");
        page.Find("input[data-testid=oauth-client-secret], [data-testid=oauth-client-secret] input").Input("shh-client-secret-42");
        page.Find("[data-testid=save-oauth-service]").Click();

        page.WaitForAssertion(() => Assert.Contains("My GitHub", page.Find("[data-testid=oauth-services-table]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("shh-client-secret-42", page.Markup, StringComparison.Ordinal);
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var stored = await db.OAuthServices.SingleAsync();
        Assert.Equal(OAuthServiceScope.Personal, stored.Scope);
        Assert.Equal(userId, stored.OwnerUserId);
        Assert.DoesNotContain("shh-client-secret-42", stored.ClientSecretProtected, StringComparison.Ordinal);
        Assert.Equal("shh-client-secret-42", Services.GetRequiredService<SecretProtector>().Unprotect(stored.ClientSecretProtected));
    }

    [Fact]
    public async Task Editing_with_an_empty_secret_keeps_the_stored_one()
    {
        var userId = await SignInAsync("dev@example.test");
        var service = await AddServiceAsync("Team GitLab", ownerUserId: userId);
        var page = Render<ProvidersHost>(host => host.AddChildContent<GitReposPage>());

        page.WaitForElement("[data-testid=edit-oauth-service]").Click();
        Assert.Equal("", page.Find("input[data-testid=oauth-client-secret], [data-testid=oauth-client-secret] input").GetAttribute("value") ?? "");
        page.Find("input[data-testid=oauth-name], [data-testid=oauth-name] input").Input("Team GitLab (renamed)");
        page.Find("[data-testid=save-oauth-service]").Click();

        page.WaitForAssertion(() => Assert.Contains("Team GitLab (renamed)", page.Find("[data-testid=oauth-services-table]").TextContent, StringComparison.Ordinal));
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var stored = await db.OAuthServices.SingleAsync(s => s.Id == service.Id);
        Assert.Equal("secret-of-Team GitLab", Services.GetRequiredService<SecretProtector>().Unprotect(stored.ClientSecretProtected));
    }

    [Fact]
    public async Task A_service_without_a_required_field_is_not_saved_and_the_form_says_why()
    {
        await SignInAsync("dev@example.test");
        var page = Render<ProvidersHost>(host => host.AddChildContent<GitReposPage>());

        page.Find("[data-testid=add-oauth-service]").Click();
        page.Find("input[data-testid=oauth-name], [data-testid=oauth-name] input").Input("No secret");
        page.Find("input[data-testid=oauth-client-id], [data-testid=oauth-client-id] input").Input("abc");
        page.Find("[data-testid=save-oauth-service]").Click();

        page.WaitForAssertion(() => Assert.Contains("Enter the Client Secret the provider showed", page.Markup, StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid=oauth-service-form]"));
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        Assert.False(await db.OAuthServices.AnyAsync());
    }
}
