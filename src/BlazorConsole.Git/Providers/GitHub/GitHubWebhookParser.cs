using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.GitHub;

/// <summary>GitHub <c>X-GitHub-Event</c>: push (branches and tags), ping, delete; everything else is ignored.</summary>
internal static class GitHubWebhookParser
{
    public static WebhookParseResult Parse(string eventName, JsonElement root) => eventName switch
    {
        "push" => new WebhookParseResult(WebhookEventKind.Push, ReadPush(GitProviderKind.GitHub, root)),
        "ping" => WebhookParseResult.Ping,
        "delete" => new WebhookParseResult(WebhookEventKind.RefDeleted, RefDescription: $"{root.Str("ref_type") ?? "ref"} {root.Str("ref")}"),
        _ => WebhookParseResult.Ignored,
    };

    /// <summary>GitHub's push shape, which Gitee, Gitea and Gogs mostly share.</summary>
    public static PushEvent ReadPush(GitProviderKind provider, JsonElement root)
    {
        var before = root.Required("'before' commit", "before");
        var after = root.Required("'after' commit", "after");
        var commits = root.Array("commits").Select(JsonReading.ReadCommit).ToList();
        var head = root.Get("head_commit") is { ValueKind: JsonValueKind.Object } headElement
            ? JsonReading.ReadCommit(headElement)
            : commits.LastOrDefault(c => c.Id == after) ?? (JsonReading.IsZeroSha(after) ? null : commits.LastOrDefault());
        var repository = root.Get("repository") ?? throw new MalformedWebhookException("The payload has no repository.");
        var owner = repository.FirstStr(["owner", "login"], ["owner", "username"], ["owner", "name"], ["namespace"]) ?? "";
        return new PushEvent
        {
            Provider = provider,
            Ref = root.Required("ref", "ref"),
            Before = before,
            After = after,
            Created = root.OptionalBool("created") ?? JsonReading.IsZeroSha(before),
            Deleted = root.OptionalBool("deleted") ?? JsonReading.IsZeroSha(after),
            BaseRef = root.Str("base_ref"),
            Commits = commits,
            HeadCommit = head,
            Repository = new PushRepository(
                repository.Str("id"),
                owner,
                repository.FirstStr(["name"], ["path"]) ?? "",
                repository.FirstStr(["clone_url"], ["git_http_url"]),
                repository.FirstStr(["ssh_url"], ["git_ssh_url"]),
                repository.FirstStr(["html_url"], ["url"]),
                repository.FirstStr(["default_branch"], ["master_branch"]),
                repository.Bool("private")),
            Pusher = new PushUser(
                root.FirstStr(["sender", "login"], ["sender", "username"], ["pusher", "login"], ["pusher", "username"], ["pusher", "name"]),
                root.FirstStr(["pusher", "full_name"], ["pusher", "name"]),
                root.Str("pusher", "email")),
        };
    }
}
