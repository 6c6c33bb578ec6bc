using System.Globalization;
using BlazorConsole.Git.Providers.Http;

namespace BlazorConsole.Git.Providers.Gitee;

/// <summary>Gitee OpenAPI v5. The token goes in the <c>access_token</c> parameter, as Gitee documents it.</summary>
internal sealed class GiteeProviderClient(HttpClient http, Uri apiBase, string accessToken)
    : JsonProviderClient(http, apiBase, accessToken, "Gitee"), IGitProviderClient
{
    protected override void Authorize(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
        request.RequestUri = new Uri(uri + separator + "access_token=" + Uri.EscapeDataString(AccessToken));
    }

    public async Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        Map(await GetAsync<GiteeUser>("user", cancellationToken));

    public async Task<RepositoryPage> ListRepositoriesAsync(string? search, int page, int perPage, CancellationToken cancellationToken = default)
    {
        var query = $"user/repos?sort=updated&direction=desc&page={page}&per_page={perPage}";
        if (!string.IsNullOrWhiteSpace(search))
        {
            query += "&q=" + Uri.EscapeDataString(search.Trim());
        }

        var (repos, headers) = await SendAsync<List<GiteeRepository>>(HttpMethod.Get, query, null, cancellationToken);
        var hasMore = int.TryParse(HeaderValue(headers, "total_page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var totalPages)
            ? page < totalPages
            : repos.Count == perPage;
        return new RepositoryPage(repos.Select(Map).ToList(), page, perPage, hasMore);
    }

    public async Task<IReadOnlyList<ProviderBranch>> ListBranchesAsync(string repository, CancellationToken cancellationToken = default) =>
        (await GetAsync<List<GiteeRef>>($"{RepoPath(repository)}/branches", cancellationToken))
            .Select(b => new ProviderBranch(b.Name, b.Commit?.Sha)).ToList();

    public async Task<IReadOnlyList<ProviderTag>> ListTagsAsync(string repository, CancellationToken cancellationToken = default) =>
        (await GetAsync<List<GiteeRef>>($"{RepoPath(repository)}/tags", cancellationToken))
            .Select(t => new ProviderTag(t.Name, t.Commit?.Sha)).ToList();

    /// <summary>Signed webhook (<c>encryption_type</c> 1: X-Gitee-Token is an HMAC of timestamp and secret).</summary>
    public async Task<ProviderWebhook> CreateWebhookAsync(string repository, WebhookRequest webhook, CancellationToken cancellationToken = default)
    {
        var body = new GiteeHookRequest(webhook.Url, webhook.Secret, EncryptionType: 1, PushEvents: true, TagPushEvents: true);
        var (hook, _) = await SendAsync<GiteeHook>(HttpMethod.Post, $"{RepoPath(repository)}/hooks", body, cancellationToken);
        return Map(hook);
    }

    public async Task DeleteWebhookAsync(string repository, string webhookId, CancellationToken cancellationToken = default)
    {
        using var _ = await SendRawAsync(HttpMethod.Delete, $"{RepoPath(repository)}/hooks/{Uri.EscapeDataString(webhookId)}", null, cancellationToken);
    }

    /// <summary>Gitee's v5 API has no commit statuses.</summary>
    public Task<bool> SetCommitStatusAsync(string repository, CommitStatusRequest status, CancellationToken cancellationToken = default) =>
        Task.FromResult(false);

    internal static ProviderUser Map(GiteeUser user) =>
        new(user.Id.ToString(CultureInfo.InvariantCulture), user.Login, user.Name, string.IsNullOrWhiteSpace(user.Email) ? null : user.Email, user.AvatarUrl);

    internal static ProviderRepository Map(GiteeRepository repo)
    {
        var web = repo.HtmlUrl is { } html && html.EndsWith(".git", StringComparison.Ordinal) ? html[..^4] : repo.HtmlUrl;
        var clone = repo.HtmlUrl is { } h ? (h.EndsWith(".git", StringComparison.Ordinal) ? h : h + ".git") : null;
        return new ProviderRepository(
            repo.Id.ToString(CultureInfo.InvariantCulture),
            repo.Namespace?.Path ?? repo.FullName.Split('/')[0],
            repo.Path,
            repo.FullName,
            repo.Private,
            repo.DefaultBranch,
            clone,
            repo.SshUrl,
            web,
            repo.Permission is { } p ? new RepositoryPermissions(p.Admin, p.Push, p.Pull) : null);
    }

    internal static ProviderWebhook Map(GiteeHook hook)
    {
        var events = new List<string>();
        if (hook.PushEvents)
        {
            events.Add("push");
        }

        if (hook.TagPushEvents)
        {
            events.Add("tag_push");
        }

        return new ProviderWebhook(hook.Id.ToString(CultureInfo.InvariantCulture), hook.Url, events, Active: true);
    }
}

internal sealed record GiteeUser(long Id, string Login, string? Name, string? Email, string? AvatarUrl);

internal sealed record GiteeNamespace(string? Path, string? Type);

internal sealed record GiteePermission(bool Admin, bool Push, bool Pull);

internal sealed record GiteeRepository(
    long Id,
    string FullName,
    string Path,
    bool Private,
    string? DefaultBranch,
    string? HtmlUrl,
    string? SshUrl,
    GiteeNamespace? Namespace,
    GiteePermission? Permission);

internal sealed record GiteeCommitRef(string Sha);

internal sealed record GiteeRef(string Name, GiteeCommitRef? Commit);

internal sealed record GiteeHook(long Id, string Url, bool PushEvents, bool TagPushEvents);

internal sealed record GiteeHookRequest(string Url, string Password, int EncryptionType, bool PushEvents, bool TagPushEvents);
