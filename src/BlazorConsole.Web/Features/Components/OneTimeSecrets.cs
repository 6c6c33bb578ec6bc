namespace BlazorConsole.Web.Features.Components;

/// <summary>
/// Per browser circuit: the webhook secret and API key of a component just created or rotated, shown on the next
/// page once and then forgotten. Never persisted in plain form.
/// </summary>
public sealed class OneTimeSecrets
{
    private readonly Dictionary<Guid, (string? WebhookSecret, string? ApiTriggerKey)> pending = [];

    public void Keep(Guid componentId, string? webhookSecret, string? apiTriggerKey)
    {
        var (secret, key) = pending.GetValueOrDefault(componentId);
        pending[componentId] = (webhookSecret ?? secret, apiTriggerKey ?? key);
    }

    public (string? WebhookSecret, string? ApiTriggerKey) Take(Guid componentId)
    {
        pending.Remove(componentId, out var values);
        return values;
    }
}
