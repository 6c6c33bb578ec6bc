using BlazorConsole.ComponentTests.Infrastructure;
using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Web.Features.Releases.Pages;
using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Auditing;
using BlazorConsole.Application.Components;
using BlazorConsole.Application.Releases;

namespace BlazorConsole.ComponentTests.Releases;

/// <summary>The environment variable editor: secret values are write-only (never sent to the browser) and kept when left blank.</summary>
public class RuntimeSettingsPanelTests : ConsoleComponentTest
{
    private const string SecretValue = "super-secret-value-77";

    public RuntimeSettingsPanelTests()
    {
        Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        Services.AddSingleton<SecretProtector>();
        Services.AddSingleton<ComponentVariableStore>();
        Services.AddSingleton<AuditTrail>();
        Services.AddSingleton<VariableChanges>();
    }

    [Fact]
    public async Task A_secret_is_never_rendered_and_saving_without_retyping_keeps_it()
    {
        await SignInAsync("dev@example.test", false, (Team.DefaultSlug, TeamRole.Developer));
        var componentId = await AddComponentAsync();
        var store = Services.GetRequiredService<ComponentVariableStore>();
        Assert.Null(await store.ReplaceAsync(componentId, [new VariableInput("GREETING", "hello", false), new VariableInput("API_SECRET", SecretValue, true)]));

        var panel = Render<ProvidersHost>(host => host.AddChildContent<RuntimeSettingsPanel>(p => p.Add(x => x.ComponentId, componentId).Add(x => x.CanEdit, true)));

        panel.WaitForAssertion(() => Assert.Contains("hello", panel.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(SecretValue, panel.Markup, StringComparison.Ordinal);
        Assert.Contains("kept unless you type a new value", panel.Markup, StringComparison.Ordinal);

        panel.Find("[data-testid=env-save]").Click();
        panel.WaitForAssertion(() => Assert.Contains("Saved", panel.Markup, StringComparison.Ordinal));
        var values = (await store.ResolveAsync(componentId, CancellationToken.None)).Values;
        Assert.Equal(SecretValue, values["API_SECRET"]);
        Assert.Equal("hello", values["GREETING"]);

        // Audited by name only.
        var entry = Assert.Single(await Services.GetRequiredService<AuditTrail>().RecentAsync(10), e => e.Action == VariableChanges.AuditVariables);
        Assert.Equal(["API_SECRET", "GREETING"], entry.Detail!.Split(", ").Order());
        Assert.DoesNotContain(SecretValue, entry.Detail, StringComparison.Ordinal);
        Assert.Equal("dev@example.test", entry.ActorName);
    }

    [Fact]
    public async Task A_viewer_sees_the_variables_but_cannot_save()
    {
        await SignInAsync("viewer@example.test", false, (Team.DefaultSlug, TeamRole.Viewer));
        var componentId = await AddComponentAsync();
        Assert.Null(await Services.GetRequiredService<ComponentVariableStore>().ReplaceAsync(componentId, [new VariableInput("GREETING", "hello", false)]));

        var panel = Render<ProvidersHost>(host => host.AddChildContent<RuntimeSettingsPanel>(p => p.Add(x => x.ComponentId, componentId).Add(x => x.CanEdit, false)));

        panel.WaitForAssertion(() => Assert.Contains("hello", panel.Markup, StringComparison.Ordinal));
        Assert.Empty(panel.FindAll("[data-testid=env-save]"));
    }

    private async Task<Guid> AddComponentAsync()
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
            GitUrl = "https://example.test/web.git",
            WebhookSecretProtected = "x",
            ApiTriggerKeyHash = "x",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Components.Add(component);
        await db.SaveChangesAsync();
        return component.Id;
    }
}
