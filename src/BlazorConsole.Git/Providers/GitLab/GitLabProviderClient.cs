using System.Globalization;
using System.Net.Http.Headers;
using BlazorConsole.Git.Providers.Http;

namespace BlazorConsole.Git.Providers.GitLab;

/// <summary>GitLab REST API v4 (gitlab.com or self-managed), with an OAuth bearer token.</summary>
internal sealed class GitLabProviderClient(HttpClient http, Uri apiBase, string accessToken)
    : JsonProviderClient(http, apiBase, accessToken, "GitLab"), IGitProviderClient
{
    protected override void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);

    public async Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        Map(await GetAsync<GitLabUser>("user", cancellationToken));

    public async Task<RepositoryPage> ListRepositoriesAsync(string? search, int page, int perPage, CancellationToken cancellationToken = default)
    {
        var query = $"projects?membership=true&simple=false&order_by=last_activity_at&sort=desc&page={page}&per_page={perPage}";
        if (!string.IsNullOrWhiteSpace(search))
        {
            query += "&search=" + Uri.EscapeDataString(search.Trim()) + "&search_namespaces=true";
        }

        var (projects, headers) = await SendAsync<List<GitLabProject>>(HttpMethod.Get, query, null, cancellationToken);
        var next = HeaderValue(headers, "X-Next-Page");
        var hasMore = next is not null ? next.Length > 0 : HasNextLink(headers) || projects.Count == perPage;
        return new RepositoryPage(projects.Select(Map).ToList(), page, perPage, hasMore);
    }

    public async Task<IReadOnlyList<ProviderBranch>> ListBranchesAsync(string repository, CancellationToken cancellationToken = default) =>
        (await GetAsync<List<GitLabRef>>($"{Project(repository)}/repository/branches?per_page=100", cancellationToken))
            .Select(b => new ProviderBranch(b.Name, b.Commit?.Id)).ToList();

    public async Task<IReadOnlyList<ProviderTag>> ListTagsAsync(string repository, CancellationToken cancellationToken = default) =>
        (await GetAsync<List<GitLabRef>>($"{Project(repository)}/repository/tags?per_page=100", cancellationToken))
            .Select(t => new ProviderTag(t.Name, t.Commit?.Id)).ToList();

    public async Task<ProviderWebhook> CreateWebhookAsync(string repository, WebhookRequest webhook, CancellationToken cancellationToken = default)
    {
        var body = new GitLabHookRequest(webhook.Url, webhook.Secret, PushEvents: true, TagPushEvents: true, EnableSslVerification: true);
        var (hook, _) = await SendAsync<GitLabHook>(HttpMethod.Post, $"{Project(repository)}/hooks", body, cancellationToken);
        return Map(hook);
    }

    public async Task DeleteWebhookAsync(string repository, string webhookId, CancellationToken cancellationToken = default)
    {
        using var _ = await SendRawAsync(HttpMethod.Delete, $"{Project(repository)}/hooks/{Uri.EscapeDataString(webhookId)}", null, cancellationToken);
    }

    public async Task<bool> SetCommitStatusAsync(string repository, CommitStatusRequest status, CancellationToken cancellationToken = default)
    {
        var state = status.State switch
        {
            CommitState.Pending => "pending",
            CommitState.Running => "running",
            CommitState.Success => "success",
            _ => "failed",
        };
        using var _ = await SendRawAsync(HttpMethod.Post, $"{Project(repository)}/statuses/{Uri.EscapeDataString(status.Sha)}",
            new GitLabStatusRequest(state, status.Context, status.Description, status.TargetUrl), cancellationToken);
        return true;
    }

    /// <summary>A project is addressed by its URL-encoded path (<c>group%2Fsub%2Fproject</c>) or numeric id.</summary>
    private static string Project(string repository)
    {
        var path = (repository ?? "").Trim().Trim('/');
        if (path.Length == 0)
        {
            throw new GitProviderException(GitProviderErrorKind.Rejected, "Name a GitLab project, e.g. group/project.");
        }

        return "projects/" + Uri.EscapeDataString(path);
    }

    internal static ProviderUser Map(GitLabUser user) =>
        new(user.Id.ToString(CultureInfo.InvariantCulture), user.Username, user.Name, NullIfEmpty(user.Email), user.AvatarUrl);

    internal static ProviderRepository Map(GitLabProject project)
    {
        var access = Math.Max(project.Permissions?.ProjectAccess?.AccessLevel ?? 0, project.Permissions?.GroupAccess?.AccessLevel ?? 0);
        return new ProviderRepository(
            project.Id.ToString(CultureInfo.InvariantCulture),
            project.Namespace?.FullPath ?? project.PathWithNamespace.Split('/')[0],
            project.Path,
            project.PathWithNamespace,
            !string.Equals(project.Visibility, "public", StringComparison.OrdinalIgnoreCase),
            project.DefaultBranch,
            project.HttpUrlToRepo,
            project.SshUrlToRepo,
            project.WebUrl,
            project.Permissions is null ? null : new RepositoryPermissions(Admin: access >= 40, Push: access >= 30, Pull: access >= 10));
    }

    internal static ProviderWebhook Map(GitLabHook hook)
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

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed record GitLabUser(long Id, string Username, string? Name, string? Email, string? AvatarUrl);

internal sealed record GitLabNamespace(string? Path, string? FullPath, string? Kind);

internal sealed record GitLabAccess(int AccessLevel);

internal sealed record GitLabPermissions(GitLabAccess? ProjectAccess, GitLabAccess? GroupAccess);

internal sealed record GitLabProject(
    long Id,
    string Path,
    string PathWithNamespace,
    string? Visibility,
    string? DefaultBranch,
    string? HttpUrlToRepo,
    string? SshUrlToRepo,
    string? WebUrl,
    GitLabNamespace? Namespace,
    GitLabPermissions? Permissions);

internal sealed record GitLabCommitRef(string Id);

internal sealed record GitLabRef(string Name, GitLabCommitRef? Commit);

internal sealed record GitLabHook(long Id, string Url, bool PushEvents, bool TagPushEvents);

internal sealed record GitLabHookRequest(string Url, string Token, bool PushEvents, bool TagPushEvents, bool EnableSslVerification);

internal sealed record GitLabStatusRequest(string State, string Name, string? Description, string? TargetUrl);
