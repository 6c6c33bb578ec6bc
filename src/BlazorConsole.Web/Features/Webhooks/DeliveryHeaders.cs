using System.Text.Json;

namespace BlazorConsole.Web.Features.Webhooks;

/// <summary>The request headers kept with a delivery: what helps diagnose it, with every credential masked.</summary>
internal static class DeliveryHeaders
{
    private static readonly string[] Kept = ["Content-Type", "Content-Length", "User-Agent"];

    // Values that are the secret itself (GitLab token, Gitee password) or a credential: never stored.
    private static readonly string[] Secret = ["X-Gitlab-Token", "X-Gitee-Token", "Authorization", "Cookie"];

    // Signatures are not secrets, but a prefix is enough to tell two deliveries apart.
    private static readonly string[] Signatures = ["X-Hub-Signature", "X-Hub-Signature-256", "X-Gitea-Signature", "X-Gogs-Signature"];

    public static string ToJson(IHeaderDictionary headers)
    {
        var kept = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            var isProviderHeader = name.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase);
            if (!isProviderHeader && !Kept.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = values.ToString();
            kept[name] = Mask(name, value);
            if (kept.Count >= 40)
            {
                break;
            }
        }

        return JsonSerializer.Serialize(kept);
    }

    public static string Mask(string name, string value)
    {
        if (Secret.Contains(name, StringComparer.OrdinalIgnoreCase)
            || name.Contains("token", StringComparison.OrdinalIgnoreCase)
            || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || name.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return value.Length == 0 ? "" : "•••••• (masked)";
        }

        if (Signatures.Contains(name, StringComparer.OrdinalIgnoreCase) || name.Contains("signature", StringComparison.OrdinalIgnoreCase))
        {
            return value.Length <= 14 ? "•••" : value[..14] + "… (masked)";
        }

        return value.Length > 500 ? value[..500] + "…" : value;
    }
}
