using BlazorConsole.Git.Providers;
using BlazorConsole.Application.GitProviders;

namespace BlazorConsole.Application.Components;

/// <summary>
/// Auto Build: registers (and removes) the component's webhook in its repository through the acting user's bound
/// provider account. Failures come back as sentences with the fix, never swallowed.
/// </summary>
internal sealed class ProviderHookManager(OAuthBindingService bindings)
{
    public async Task<(ChangeResult Result, string? HookId)> RegisterAsync(string userId, Guid serviceId, string repository, string webhookUrl, string secret, CancellationToken cancellationToken)
    {
        var (result, hook) = await bindings.UseProviderAsync(userId, serviceId,
            (client, ct) => client.CreateWebhookAsync(repository, new WebhookRequest(webhookUrl, secret), ct), cancellationToken);
        if (result.Succeeded && hook is not null)
        {
            return (ChangeResult.Ok, hook.Id);
        }

        return (ChangeResult.Fail($"The webhook could not be registered in {repository}: {result.Error}{ReachabilityHint(webhookUrl)}"), null);
    }

    public async Task<ChangeResult> RemoveAsync(string userId, Guid serviceId, string repository, string hookId, CancellationToken cancellationToken)
    {
        var (result, _) = await bindings.UseProviderAsync(userId, serviceId, async (client, ct) =>
        {
            await client.DeleteWebhookAsync(repository, hookId, ct);
            return true;
        }, cancellationToken);
        return result.Succeeded
            ? ChangeResult.Ok
            : ChangeResult.Fail($"The webhook {hookId} could not be removed from {repository}: {result.Error} Remove it in the repository's settings if it stays.");
    }

    /// <summary>A provider on the internet cannot call a console on a private address; GitLab refuses such URLs unless allowed.</summary>
    private static string ReachabilityHint(string webhookUrl) =>
        Uri.TryCreate(webhookUrl, UriKind.Absolute, out var url) && (url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || IsPrivate(url.Host))
            ? $" The hook URL {webhookUrl} is a local address: set Console:PublicUrl to an address the provider can reach (a self-hosted GitLab also needs Admin → Settings → Network → Outbound requests → \"Allow requests to the local network from webhooks\")."
            : "";

    private static bool IsPrivate(string host) =>
        System.Net.IPAddress.TryParse(host, out var ip) && ip.GetAddressBytes() is [10, ..] or [192, 168, ..] or [172, >= 16 and <= 31, ..];
}
