using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.GitLab;

/// <summary>GitLab <c>X-Gitlab-Event</c>: Push Hook, Tag Push Hook and System Hook (by object_kind); the rest is ignored.</summary>
internal static class GitLabWebhookParser
{
    public static WebhookParseResult Parse(string eventName, JsonElement root)
    {
        var kind = root.Str("object_kind") ?? root.Str("event_name");
        var isPush = eventName is "Push Hook" or "Tag Push Hook" || (eventName == "System Hook" && kind is "push" or "tag_push");
        return isPush && kind is "push" or "tag_push"
            ? new WebhookParseResult(WebhookEventKind.Push, ReadPush(root))
            : WebhookParseResult.Ignored;
    }

    private static PushEvent ReadPush(JsonElement root)
    {
        var before = root.Required("'before' commit", "before");
        var after = root.Required("'after' commit", "after");
        var commits = root.Array("commits").Select(JsonReading.ReadCommit).ToList();
        var project = root.Get("project") ?? throw new MalformedWebhookException("The payload has no project.");
        var pathWithNamespace = project.Str("path_with_namespace") ?? "";
        var slash = pathWithNamespace.LastIndexOf('/');
        return new PushEvent
        {
            Provider = GitProviderKind.GitLab,
            Ref = root.Required("ref", "ref"),
            Before = before,
            After = after,
            Created = JsonReading.IsZeroSha(before),
            Deleted = JsonReading.IsZeroSha(after),
            Commits = commits,
            // GitLab lists up to 20 commits oldest first; the head is the one 'after' points at.
            HeadCommit = commits.LastOrDefault(c => c.Id == after)
                ?? commits.LastOrDefault(c => c.Id == root.Str("checkout_sha")),
            Repository = new PushRepository(
                project.Str("id") ?? root.Str("project_id"),
                slash > 0 ? pathWithNamespace[..slash] : project.Str("namespace") ?? "",
                slash > 0 ? pathWithNamespace[(slash + 1)..] : project.Str("path") ?? project.Str("name") ?? "",
                project.Str("git_http_url"),
                project.Str("git_ssh_url"),
                project.Str("web_url"),
                project.Str("default_branch"),
                project.Str("visibility_level") is { } level && level != "20"),
            Pusher = new PushUser(root.Str("user_username"), root.Str("user_name"), root.Str("user_email")),
        };
    }
}
