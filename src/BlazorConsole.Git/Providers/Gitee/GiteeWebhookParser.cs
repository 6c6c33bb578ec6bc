using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers.GitHub;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.Gitee;

/// <summary>Gitee <c>X-Gitee-Event</c>: Push Hook and Tag Push Hook (GitHub-like bodies); the rest is ignored.</summary>
internal static class GiteeWebhookParser
{
    public static WebhookParseResult Parse(string eventName, JsonElement root) => eventName switch
    {
        "Push Hook" or "Tag Push Hook" => new WebhookParseResult(WebhookEventKind.Push, GitHubWebhookParser.ReadPush(GitProviderKind.Gitee, root)),
        _ => WebhookParseResult.Ignored,
    };
}
