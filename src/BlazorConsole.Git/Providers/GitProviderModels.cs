namespace BlazorConsole.Git.Providers;

/// <summary>The account a token belongs to.</summary>
public sealed record ProviderUser(string Id, string Login, string? Name, string? Email, string? AvatarUrl);

/// <summary>What the token's owner may do on a repository; null on a repository when the provider did not say.</summary>
public sealed record RepositoryPermissions(bool Admin, bool Push, bool Pull);

/// <summary>A repository, normalized across providers. <see cref="FullName"/> (<c>owner/name</c>, or a GitLab path) identifies it in calls.</summary>
public sealed record ProviderRepository(
    string Id,
    string Namespace,
    string Name,
    string FullName,
    bool Private,
    string? DefaultBranch,
    string? CloneUrl,
    string? SshUrl,
    string? WebUrl,
    RepositoryPermissions? Permissions);

/// <summary>One page of repositories; <see cref="HasMore"/> says whether page + 1 has any.</summary>
public sealed record RepositoryPage(IReadOnlyList<ProviderRepository> Items, int Page, int PerPage, bool HasMore);

public sealed record ProviderBranch(string Name, string? Sha);

public sealed record ProviderTag(string Name, string? Sha);

/// <summary>A webhook as the provider stored it.</summary>
public sealed record ProviderWebhook(string Id, string Url, IReadOnlyList<string> Events, bool Active);

/// <summary>Push and tag-push events, JSON body, signed with <see cref="Secret"/>.</summary>
public sealed record WebhookRequest(string Url, string Secret);

public enum CommitState
{
    Pending,
    Running,
    Success,
    Failure,
    Error,
}

public sealed record CommitStatusRequest(string Sha, CommitState State, string Context, string? Description, string? TargetUrl);
