using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers.GitHub;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.Gitea;

/// <summary>Gitea and Gogs (<c>X-Gitea-Event</c> / <c>X-Gogs-Event</c>): push and delete; the rest is ignored.</summary>
internal static class GiteaWebhookParser
{
    public static WebhookParseResult Parse(GitProviderKind provider, string eventName, JsonElement root) => eventName switch
    {
        "push" => new WebhookParseResult(WebhookEventKind.Push, GitHubWebhookParser.ReadPush(provider, root)),
        "delete" => new WebhookParseResult(WebhookEventKind.RefDeleted, RefDescription: $"{root.Str("ref_type") ?? "ref"} {root.Str("ref")}"),
        _ => WebhookParseResult.Ignored,
    };
}
