using BlazorConsole.ComponentTests.GitProviders;
using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Data;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Web.Features.Components;
using BlazorConsole.Web.Features.Components.Pages;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Components;

namespace BlazorConsole.ComponentTests.Components;

/// <summary>
/// The Build Source tab of an SSH component: its deploy key's public half with a copy button and where to add it,
/// Regenerate behind a confirmation, nothing of the private key; viewers read only; HTTPS components have no key section.
/// </summary>
public class DeployKeyPanelTests : GitProviderComponentTest
{
    private const string BaseUrl = "http://console.test";
    private readonly string root = Directory.CreateTempSubdirectory("bc-deploy-key-panel-").FullName;

    public DeployKeyPanelTests()
    {
        Services.AddMemoryCache();
        Services.AddOptions<BuildsOptions>();
        Services.AddSingleton(new PipelinePaths(Path.Combine(root, "data")));
        Services.AddSingleton<GitCheckout>();
        Services.AddSingleton<DeployKeys>();
        Services.AddSingleton<WebhookComponentCache>();
        Services.AddSingleton<ProviderHookManager>();
        Services.AddSingleton<ComponentService>();
        Services.AddScoped<OneTimeSecrets>();
    }

    [Fact]
    public async Task A_developer_sees_the_public_key_copies_it_and_regenerates_it_after_confirming()
    {
        var userId = await SignInAsync("dev@example.test", false, (Team.DefaultSlug, TeamRole.Developer));
        var component = await CreateAsync(userId, "git@github.com:octocat/shop.git");
        var panel = Render<ProvidersHost>(host => host.AddChildContent<BuildSourcePanel>(p => p.Add(x => x.Component, component).Add(x => x.CanEdit, true)));

        Assert.Equal(component.DeployPublicKey, panel.Find("[data-testid=deploy-public-key]").GetAttribute("value"));
        Assert.Contains(component.DeployKeyFingerprint!, panel.Find("[data-testid=deploy-key-fingerprint]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(panel.FindAll("[data-testid=copy-deploy-key]"));
        Assert.Contains("Settings → Deploy keys → Add deploy key", panel.Markup, StringComparison.Ordinal);
        Assert.Contains("Settings → Repository → Deploy keys", panel.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(panel.FindAll("[data-testid=host-key-none]"));
        Assert.DoesNotContain("PRIVATE KEY", panel.Markup, StringComparison.Ordinal);

        // Cancel keeps the key; confirming replaces it, in the panel and the database.
        panel.Find("[data-testid=regenerate-deploy-key]").Click();
        panel.WaitForAssertion(() => Assert.Contains("stops working at once", panel.Markup, StringComparison.Ordinal));
        panel.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.Equal(component.DeployPublicKey, await StoredPublicKeyAsync(component.Id));

        panel.Find("[data-testid=regenerate-deploy-key]").Click();
        panel.WaitForAssertion(() => Assert.Contains("stops working at once", panel.Markup, StringComparison.Ordinal));
        panel.FindAll("button").Single(b => b.TextContent.Trim() == "Regenerate" && b.GetAttribute("data-testid") is null).Click();

        panel.WaitForAssertion(() => Assert.NotEqual(component.DeployPublicKey, panel.Find("[data-testid=deploy-public-key]").GetAttribute("value")), TimeSpan.FromSeconds(15));
        var stored = await StoredPublicKeyAsync(component.Id);
        Assert.NotEqual(component.DeployPublicKey, stored);
        Assert.Equal(stored, panel.Find("[data-testid=deploy-public-key]").GetAttribute("value"));
        Assert.DoesNotContain("PRIVATE KEY", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_the_public_key_without_regenerate()
    {
        var userId = await SignInAsync("viewer@example.test", false, (Team.DefaultSlug, TeamRole.Developer));
        var ssh = await CreateAsync(userId, "ssh://git@gitlab.example.test/group/shop.git");

        var panel = Render<ProvidersHost>(host => host.AddChildContent<BuildSourcePanel>(p => p.Add(x => x.Component, ssh).Add(x => x.CanEdit, false)));

        Assert.Equal(ssh.DeployPublicKey, panel.Find("[data-testid=deploy-public-key]").GetAttribute("value"));
        Assert.Empty(panel.FindAll("[data-testid=regenerate-deploy-key]"));
        Assert.Empty(panel.FindAll("[data-testid=paste-deploy-key]"));
    }

    [Fact]
    public async Task An_https_component_shows_no_deploy_key()
    {
        var userId = await SignInAsync("dev@example.test", false, (Team.DefaultSlug, TeamRole.Developer));
        var https = await CreateAsync(userId, "https://gitlab.example.test/group/web.git");

        var panel = Render<ProvidersHost>(host => host.AddChildContent<BuildSourcePanel>(p => p.Add(x => x.Component, https).Add(x => x.CanEdit, true)));

        Assert.Null(https.DeployPublicKey);
        Assert.Empty(panel.FindAll("[data-testid=deploy-key]"));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<ComponentView> CreateAsync(string userId, string gitUrl)
    {
        var request = new CreateComponentRequest("c" + Guid.NewGuid().ToString("N")[..8], "shop", gitUrl, "main", null, null, null, null, null,
            false, true, "", null, null, null, null);
        var (result, view) = await Services.GetRequiredService<ComponentService>().CreateAsync(Team.DefaultSlug, request, BaseUrl, userId, "tester");
        Assert.True(result.Succeeded, result.Error);
        return view!;
    }

    private async Task<string?> StoredPublicKeyAsync(Guid componentId)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        return await db.Components.Where(c => c.Id == componentId).Select(c => c.DeployKeyPublic).SingleAsync();
    }
}
