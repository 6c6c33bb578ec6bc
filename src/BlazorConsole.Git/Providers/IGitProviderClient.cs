namespace BlazorConsole.Git.Providers;

/// <summary>
/// One provider's REST API, used with one account's access token. Every failure the provider reports surfaces as a
/// <see cref="GitProviderException"/> whose message tells a person what to do.
/// </summary>
public interface IGitProviderClient
{
    Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default);

    /// <summary>Repositories the account can reach, its own and its organisations' or groups'; 1-based pages.</summary>
    Task<RepositoryPage> ListRepositoriesAsync(string? search, int page, int perPage, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ProviderBranch>> ListBranchesAsync(string repository, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ProviderTag>> ListTagsAsync(string repository, CancellationToken cancellationToken = default);

    /// <summary>Registers a push + tag-push JSON webhook and returns it (with the provider's id for deleting it later).</summary>
    Task<ProviderWebhook> CreateWebhookAsync(string repository, WebhookRequest webhook, CancellationToken cancellationToken = default);

    Task DeleteWebhookAsync(string repository, string webhookId, CancellationToken cancellationToken = default);

    /// <summary>Reports a build on a commit. False when the provider has no commit statuses (Gitee).</summary>
    Task<bool> SetCommitStatusAsync(string repository, CommitStatusRequest status, CancellationToken cancellationToken = default);
}
