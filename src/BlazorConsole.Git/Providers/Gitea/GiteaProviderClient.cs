using System.Globalization;
using System.Net.Http.Headers;
using BlazorConsole.Git.Providers.Http;

namespace BlazorConsole.Git.Providers.Gitea;

/// <summary>Gitea REST API v1 (self-hosted), with an OAuth2 access token.</summary>
internal sealed class GiteaProviderClient(HttpClient http, Uri apiBase, string accessToken)
    : JsonProviderClient(http, apiBase, accessToken, "Gitea"), IGitProviderClient
{
    protected override void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("token", AccessToken);

    public async Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        Map(await GetAsync<GiteaUser>("user", cancellationToken));

    /// <summary><c>/user/repos</c> lists what the account can reach; it has no search, so searching filters by name.</summary>
    public async Task<RepositoryPage> ListRepositoriesAsync(string? search, int page, int perPage, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(search))
        {
            return await RepositorySearch.FilterAsync(
                async (p, size) => (await FetchPageAsync(p, size, cancellationToken)).Items, search, page, perPage, cancellationToken);
        }

        var (items, hasMore) = await FetchPageAsync(page, perPage, cancellationToken);
        return new RepositoryPage(items, page, perPage, hasMore);
    }

    private async Task<(IReadOnlyList<ProviderRepository> Items, bool HasMore)> FetchPageAsync(int page, int perPage, CancellationToken cancellationToken)
    {
        var (repos, headers) = await SendAsync<List<GiteaRepository>>(HttpMethod.Get, $"user/repos?page={page}&limit={perPage}", null, cancellationToken);
        var hasMore = int.TryParse(HeaderValue(headers, "X-Total-Count"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var total)
            ? page * perPage < total
            : HasNextLink(headers) || repos.Count == perPage;
        return (repos.Select(Map).ToList(), hasMore);
    }

    public async Task<IReadOnlyList<ProviderBranch>> ListBranchesAsync(string repository, CancellationToken cancellationToken = default) =>
        (await GetAsync<List<GiteaBranch>>($"{RepoPath(repository)}/branches?limit=50", cancellationToken))
            .Select(b => new ProviderBranch(b.Name, b.Commit?.Id)).ToList();

    public async Task<IReadOnlyList<ProviderTag>> ListTagsAsync(string repository, CancellationToken cancellationToken = default) =>
        (await GetAsync<List<GiteaTag>>($"{RepoPath(repository)}/tags?limit=50", cancellationToken))
            .Select(t => new ProviderTag(t.Name, t.Commit?.Sha ?? t.Id)).ToList();

    /// <summary>A Gitea-type hook: JSON body, HMAC-SHA256 signature from the secret; tag pushes arrive as push events.</summary>
    public async Task<ProviderWebhook> CreateWebhookAsync(string repository, WebhookRequest webhook, CancellationToken cancellationToken = default)
    {
        var body = new GiteaHookRequest("gitea", new Dictionary<string, string>
        {
            ["url"] = webhook.Url,
            ["content_type"] = "json",
            ["secret"] = webhook.Secret,
        }, ["push"], Active: true);
        var (hook, _) = await SendAsync<GiteaHook>(HttpMethod.Post, $"{RepoPath(repository)}/hooks", body, cancellationToken);
        return Map(hook);
    }

    public async Task DeleteWebhookAsync(string repository, string webhookId, CancellationToken cancellationToken = default)
    {
        using var _ = await SendRawAsync(HttpMethod.Delete, $"{RepoPath(repository)}/hooks/{Uri.EscapeDataString(webhookId)}", null, cancellationToken);
    }

    public async Task<bool> SetCommitStatusAsync(string repository, CommitStatusRequest status, CancellationToken cancellationToken = default)
    {
        var state = status.State switch
        {
            CommitState.Pending or CommitState.Running => "pending",
            CommitState.Success => "success",
            CommitState.Failure => "failure",
            _ => "error",
        };
        using var _ = await SendRawAsync(HttpMethod.Post, $"{RepoPath(repository)}/statuses/{Uri.EscapeDataString(status.Sha)}",
            new GiteaStatusRequest(state, status.Context, status.Description, status.TargetUrl), cancellationToken);
        return true;
    }

    internal static ProviderUser Map(GiteaUser user) =>
        new(user.Id.ToString(CultureInfo.InvariantCulture), user.Login, string.IsNullOrWhiteSpace(user.FullName) ? null : user.FullName,
            string.IsNullOrWhiteSpace(user.Email) ? null : user.Email, user.AvatarUrl);

    internal static ProviderRepository Map(GiteaRepository repo) => new(
        repo.Id.ToString(CultureInfo.InvariantCulture),
        repo.Owner?.Login ?? repo.FullName.Split('/')[0],
        repo.Name,
        repo.FullName,
        repo.Private,
        repo.DefaultBranch,
        repo.CloneUrl,
        repo.SshUrl,
        repo.HtmlUrl,
        repo.Permissions is { } p ? new RepositoryPermissions(p.Admin, p.Push, p.Pull) : null);

    internal static ProviderWebhook Map(GiteaHook hook) => new(
        hook.Id.ToString(CultureInfo.InvariantCulture),
        hook.Config is not null && hook.Config.TryGetValue("url", out var url) ? url : "",
        hook.Events ?? [],
        hook.Active);
}

internal sealed record GiteaUser(long Id, string Login, string? FullName, string? Email, string? AvatarUrl);

internal sealed record GiteaOwner(string Login);

internal sealed record GiteaPermissions(bool Admin, bool Push, bool Pull);

internal sealed record GiteaRepository(
    long Id,
    string Name,
    string FullName,
    bool Private,
    string? DefaultBranch,
    string? CloneUrl,
    string? SshUrl,
    string? HtmlUrl,
    GiteaOwner? Owner,
    GiteaPermissions? Permissions);

internal sealed record GiteaBranchCommit(string Id);

internal sealed record GiteaBranch(string Name, GiteaBranchCommit? Commit);

internal sealed record GiteaTagCommit(string Sha);

internal sealed record GiteaTag(string Name, string? Id, GiteaTagCommit? Commit);

internal sealed record GiteaHook(long Id, Dictionary<string, string>? Config, List<string>? Events, bool Active);

internal sealed record GiteaHookRequest(string Type, Dictionary<string, string> Config, string[] Events, bool Active);

internal sealed record GiteaStatusRequest(string State, string Context, string? Description, string? TargetUrl);
