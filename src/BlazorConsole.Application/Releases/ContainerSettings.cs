using System.Security.Claims;
using BlazorConsole.Application.Auditing;
using BlazorConsole.Data;
using BlazorConsole.Domain.Components;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Application.Releases;

/// <summary>
/// Where a component's releases run and how its Dockerfile builds: <c>GET|PUT /api/v1/components/{id}/runtime</c> and the
/// Settings tab.
/// </summary>
/// <param name="Runtime">The component's choice; null = the console's <c>Runtime:Default</c>.</param>
/// <param name="EffectiveRuntime">What a release of a built directory runs on now (an image always runs on <c>docker</c>).</param>
/// <param name="Runtimes">The engines this console has (the values <paramref name="Runtime"/> takes).</param>
public sealed record ContainerSettingsView(Guid ComponentId, string? Runtime, string EffectiveRuntime, string? DockerfilePath, string? DockerTarget, IReadOnlyList<string> Runtimes);

/// <summary><c>PUT /api/v1/components/{id}/runtime</c>: every field replaces the stored one (null or empty = default).</summary>
public sealed record ContainerSettingsRequest(string? Runtime, string? DockerfilePath, string? DockerTarget);

internal sealed class ContainerSettings(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    IEnumerable<RuntimeEngineName> engines,
    IOptions<RuntimeOptions> options,
    AuditTrail audit)
{
    public const string AuditChanged = "component-runtime-changed";

    private IReadOnlyList<string> Names => engines.Select(e => e.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();

    public async Task<ContainerSettingsView?> FindAsync(Guid componentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var component = await db.Components.AsNoTracking().FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
        return component is null ? null : ToView(component);
    }

    public async Task<(ChangeResult Result, ContainerSettingsView? Settings)> ChangeAsync(
        Guid componentId, ContainerSettingsRequest request, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        var runtime = string.IsNullOrWhiteSpace(request.Runtime) ? null : request.Runtime.Trim().ToLowerInvariant();
        if (runtime is not null && !Names.Contains(runtime, StringComparer.OrdinalIgnoreCase))
        {
            return (ChangeResult.Fail($"Runtime '{request.Runtime}' is not a runtime of this console; choose one of {string.Join(", ", Names)}, or null for the console's default ({options.Value.Default})."), null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var component = await db.Components.FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
        if (component is null)
        {
            return (ChangeResult.Missing("There is no such component."), null);
        }

        try
        {
            component.ChangeContainerSettings(runtime, request.DockerfilePath, request.DockerTarget);
        }
        catch (ArgumentException e)
        {
            return (ChangeResult.Fail(e.Message.Split(" (Parameter", 2)[0]), null);
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditChanged, user.RequiredUserId(), user.Identity?.Name, $"{component.Name} ({component.Id})",
            $"runtime={component.Runtime ?? "default"}, dockerfile={component.DockerfilePath ?? "Dockerfile"}, target={component.DockerTarget ?? "last stage"}",
            cancellationToken: CancellationToken.None);
        return (ChangeResult.Ok, ToView(component));
    }

    private ContainerSettingsView ToView(Component component) =>
        new(component.Id, component.Runtime, component.Runtime ?? options.Value.Default.Trim().ToLowerInvariant(), component.DockerfilePath, component.DockerTarget, Names);
}
