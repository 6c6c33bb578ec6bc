using BlazorConsole.ComponentTests.GitProviders;
using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Data;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Workers;
using BlazorConsole.TestSupport;
using BlazorConsole.Web.Features.Builds.Pages;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using BlazorConsole.Application.Builds;
using BlazorConsole.Application.Components;

namespace BlazorConsole.ComponentTests.Builds;

/// <summary>
/// The language on the component's Overview: Re-detect checks out a real repository (served over smart HTTP) and shows what it
/// found, a failed checkout shows why, the select chooses the language builds use, and viewers only read it.
/// </summary>
public class ComponentLanguagePanelTests : GitProviderComponentTest
{
    private readonly string root = Directory.CreateTempSubdirectory("bc-language-panel-").FullName;

    public ComponentLanguagePanelTests()
    {
        Services.AddOptions<BuildsOptions>();
        Services.AddSingleton(new PipelinePaths(Path.Combine(root, "data")));
        Services.AddSingleton<GitCheckout>();
        Services.AddSingleton<BlazorConsole.Application.Components.DeployKeys>();
        Services.AddSingleton<IOAuthBindingAccess, BlazorConsole.Application.GitProviders.OAuthBindingAccess>();
        Services.AddSingleton<BuildCredentials>();
        Services.AddSingleton<ComponentLanguages>();
    }

    [Fact]
    public async Task Re_detect_shows_the_language_of_the_branch_head_and_the_select_chooses_another()
    {
        await SignInAsync("dev@example.test", false, (Team.DefaultSlug, TeamRole.Developer));
        var repo = GitTestRepository.Create(root, "shop");
        repo.WriteFile("package.json", """{ "name": "shop", "version": "1.0.0" }""").WriteFile("index.html", "<h1>shop</h1>");
        var sha = repo.CommitAndPush("Node app");
        await using var server = await GitSmartHttpServer.StartAsync(root);
        var componentId = await AddComponentAsync(server.UrlFor(repo.Name));

        var panel = Render<ProvidersHost>(host => host.AddChildContent<ComponentLanguagePanel>(p => p.Add(x => x.ComponentId, componentId).Add(x => x.CanEdit, true)));
        panel.WaitForAssertion(() => Assert.Equal("Not detected yet", panel.Find("[data-testid=language-summary]").TextContent));

        panel.Find("[data-testid=language-redetect]").Click();

        panel.WaitForAssertion(() => Assert.StartsWith($"Node.js (detected from {sha[..7]} on ", panel.Find("[data-testid=language-summary]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Contains("Detected Node.js (package.json).", panel.Markup, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=language-error]"));
        Assert.Empty(Directory.GetDirectories(Services.GetRequiredService<PipelinePaths>().WorkDirectory));

        var select = panel.FindComponent<MudSelect<AppLanguage?>>();
        await panel.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(AppLanguage.Static));

        panel.WaitForAssertion(() => Assert.StartsWith("Static (chosen; Node.js detected from ", panel.Find("[data-testid=language-summary]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Static", await StoredOverrideAsync(componentId));

        await panel.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(null));
        panel.WaitForAssertion(() => Assert.StartsWith("Node.js (detected from ", panel.Find("[data-testid=language-summary]").TextContent, StringComparison.Ordinal));
        Assert.Null(await StoredOverrideAsync(componentId));
    }

    [Fact]
    public async Task A_failed_checkout_shows_why_and_keeps_the_panel_usable()
    {
        await SignInAsync("dev@example.test", false, (Team.DefaultSlug, TeamRole.Developer));
        await using var server = await GitSmartHttpServer.StartAsync(root);
        var componentId = await AddComponentAsync(server.UrlFor("missing.git"));

        var panel = Render<ProvidersHost>(host => host.AddChildContent<ComponentLanguagePanel>(p => p.Add(x => x.ComponentId, componentId).Add(x => x.CanEdit, true)));
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=language-redetect]")));
        panel.Find("[data-testid=language-redetect]").Click();

        panel.WaitForAssertion(() => Assert.StartsWith("The language could not be detected: ", panel.Find("[data-testid=language-error]").TextContent.Trim(), StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Equal("Not detected yet", panel.Find("[data-testid=language-summary]").TextContent);
        Assert.False(panel.Find("[data-testid=language-redetect]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_viewer_reads_the_language_without_re_detect_or_select()
    {
        await SignInAsync("viewer@example.test", false, (Team.DefaultSlug, TeamRole.Viewer));
        var componentId = await AddComponentAsync("https://example.test/web.git", detected: AppLanguage.Python);

        var panel = Render<ProvidersHost>(host => host.AddChildContent<ComponentLanguagePanel>(p => p.Add(x => x.ComponentId, componentId).Add(x => x.CanEdit, false)));

        panel.WaitForAssertion(() => Assert.Equal("Python (detected from 0123456 on 2026-11-20 09:30 UTC)", panel.Find("[data-testid=language-summary]").TextContent));
        Assert.Empty(panel.FindAll("[data-testid=language-redetect]"));
        Assert.Empty(panel.FindComponents<MudSelect<AppLanguage?>>());
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

    private async Task<string?> StoredOverrideAsync(Guid componentId)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        return await db.Components.Where(c => c.Id == componentId).Select(c => c.LanguageOverride).SingleAsync();
    }

    private async Task<Guid> AddComponentAsync(string gitUrl, AppLanguage? detected = null)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var team = await db.Teams.FirstAsync(t => t.Slug == Team.DefaultSlug);
        var application = new BlazorConsole.Domain.Components.Application { TeamId = team.Id, Name = "shop", CreatedAt = DateTimeOffset.UtcNow };
        db.Applications.Add(application);
        var component = new Component
        {
            TeamId = team.Id,
            ApplicationId = application.Id,
            Name = "web-" + Guid.NewGuid().ToString("N")[..6],
            GitUrl = gitUrl,
            Branch = "main",
            WebhookSecretProtected = "x",
            ApiTriggerKeyHash = "x",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        if (detected is { } language)
        {
            component.DetectedLanguage = language.ToString();
            component.DetectedLanguageEvidence = "requirements.txt";
            component.LanguageDetectedCommitSha = "0123456789abcdef0123456789abcdef01234567";
            component.LanguageDetectedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
        }

        db.Components.Add(component);
        await db.SaveChangesAsync();
        return component.Id;
    }
}
