using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.Triggers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BlazorConsole.Application.Components;

/// <summary>What the receiver needs about a component, with the secret decrypted (null when the key ring cannot read it).</summary>
internal sealed record WebhookTarget(Guid ComponentId, string? Secret, bool AllowUnsigned, TriggerSettings Settings)
{
    // A record prints every member: one log line of this value must not carry the decrypted secret.
    public override string ToString() => $"WebhookTarget {{ ComponentId = {ComponentId}, Secret = {(Secret is null ? "unreadable" : "(redacted)")}, AllowUnsigned = {AllowUnsigned} }}";
}

/// <summary>
/// The component as the webhook receiver sees it; kept with components because every change to the build source must
/// drop its entry at once (Components invalidates, Webhooks reads).
/// Keeps receivers off the database for hot components. Entries live briefly and are dropped whenever the
/// build source changes, so a switched-off webhook or rotated secret applies to the next delivery.
/// </summary>
internal sealed class WebhookComponentCache(IDbContextFactory<ConsoleDbContext> dbFactory, SecretProtector secrets, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<WebhookTarget?> GetAsync(Guid componentId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(componentId), out WebhookTarget? cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var component = await db.Components.AsNoTracking().FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
        if (component is null)
        {
            return null;
        }

        var target = new WebhookTarget(
            component.Id,
            secrets.TryUnprotect(component.WebhookSecretProtected, out var secret) ? secret : null,
            component.AllowUnsigned,
            TriggerSettings.Of(component));
        cache.Set(Key(componentId), target, Lifetime);
        return target;
    }

    public void Invalidate(Guid componentId) => cache.Remove(Key(componentId));

    private static string Key(Guid id) => "webhook-target:" + id.ToString("N");
}
