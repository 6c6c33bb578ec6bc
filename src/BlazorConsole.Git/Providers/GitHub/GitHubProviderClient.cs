using System.Globalization;
using Octokit;
using Octokit.Internal;

namespace BlazorConsole.Git.Providers.GitHub;

/// <summary>
/// GitHub (github.com or Enterprise Server) through Octokit. The connection keeps the given API base
/// (<c>https://api.github.com/</c> or <c>https://ghe.example.com/api/v3/</c>) and sends requests through the console's
/// resilient handler.
/// </summary>
internal sealed class GitHubProviderClient : IGitProviderClient
{
    private const string Provider = "GitHub";
    private readonly GitHubClient client;

    public GitHubProviderClient(Func<HttpMessageHandler> handler, Uri apiBase, string accessToken, string userAgent = "BlazorConsole")
    {
        var connection = new Connection(
            new ProductHeaderValue(userAgent),
            apiBase,
            new InMemoryCredentialStore(new Credentials(accessToken, AuthenticationType.Bearer)),
            new HttpClientAdapter(handler),
            new SimpleJsonSerializer());
        client = new GitHubClient(connection);
    }

    public Task<ProviderUser> GetCurrentUserAsync(CancellationToken cancellationToken = default) => Call(async () =>
    {
        var user = await client.User.Current();
        var email = user.Email;
        if (string.IsNullOrWhiteSpace(email))
        {
            // A private e-mail is only in /user/emails (scope user:email); a missing one is not an error.
            try
            {
                var emails = await client.User.Email.GetAll();
                email = emails.FirstOrDefault(e => e.Primary)?.Email ?? (emails.Count > 0 ? emails[0].Email : null);
            }
            catch (ApiException)
            {
                email = null;
            }
        }

        return Map(user, email);
    });

    /// <summary><c>/user/repos</c> with every affiliation; it has no search, so searching filters by name.</summary>
    public Task<RepositoryPage> ListRepositoriesAsync(string? search, int page, int perPage, CancellationToken cancellationToken = default) => Call(async () =>
    {
        if (!string.IsNullOrWhiteSpace(search))
        {
            return await RepositorySearch.FilterAsync((p, size) => FetchPageAsync(p, size), search, page, perPage, cancellationToken);
        }

        var items = await FetchPageAsync(page, perPage);
        return new RepositoryPage(items, page, perPage, items.Count == perPage);
    });

    private async Task<IReadOnlyList<ProviderRepository>> FetchPageAsync(int page, int perPage)
    {
        var repos = await client.Repository.GetAllForCurrent(
            new RepositoryRequest { Affiliation = RepositoryAffiliation.All, Sort = RepositorySort.Updated, Direction = SortDirection.Descending },
            new ApiOptions { StartPage = page, PageSize = perPage, PageCount = 1 });
        return repos.Select(Map).ToList();
    }

    public Task<IReadOnlyList<ProviderBranch>> ListBranchesAsync(string repository, CancellationToken cancellationToken = default) => Call(async () =>
    {
        var (owner, name) = Split(repository);
        var branches = await client.Repository.Branch.GetAll(owner, name, new ApiOptions { PageSize = 100, PageCount = 1 });
        return (IReadOnlyList<ProviderBranch>)branches.Select(b => new ProviderBranch(b.Name, b.Commit?.Sha)).ToList();
    });

    public Task<IReadOnlyList<ProviderTag>> ListTagsAsync(string repository, CancellationToken cancellationToken = default) => Call(async () =>
    {
        var (owner, name) = Split(repository);
        var tags = await client.Repository.GetAllTags(owner, name, new ApiOptions { PageSize = 100, PageCount = 1 });
        return (IReadOnlyList<ProviderTag>)tags.Select(t => new ProviderTag(t.Name, t.Commit?.Sha)).ToList();
    });

    /// <summary>A "web" hook on push (GitHub sends tag pushes as push events too), JSON, signed with the secret.</summary>
    public Task<ProviderWebhook> CreateWebhookAsync(string repository, WebhookRequest webhook, CancellationToken cancellationToken = default) => Call(async () =>
    {
        var (owner, name) = Split(repository);
        var request = new NewRepositoryHook("web", new Dictionary<string, string>
        {
            ["url"] = webhook.Url,
            ["content_type"] = "json",
            ["secret"] = webhook.Secret,
            ["insecure_ssl"] = "0",
        })
        {
            Events = ["push"],
            Active = true,
        };
        return Map(await client.Repository.Hooks.Create(owner, name, request));
    });

    public Task DeleteWebhookAsync(string repository, string webhookId, CancellationToken cancellationToken = default) => Call(async () =>
    {
        var (owner, name) = Split(repository);
        if (!int.TryParse(webhookId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            throw new GitProviderException(GitProviderErrorKind.Rejected, $"'{webhookId}' is not a GitHub webhook id.");
        }

        await client.Repository.Hooks.Delete(owner, name, id);
        return true;
    });

    public Task<bool> SetCommitStatusAsync(string repository, CommitStatusRequest status, CancellationToken cancellationToken = default) => Call(async () =>
    {
        var (owner, name) = Split(repository);
        await client.Repository.Status.Create(owner, name, status.Sha, new NewCommitStatus
        {
            State = status.State switch
            {
                CommitState.Pending or CommitState.Running => Octokit.CommitState.Pending,
                CommitState.Success => Octokit.CommitState.Success,
                CommitState.Failure => Octokit.CommitState.Failure,
                _ => Octokit.CommitState.Error,
            },
            Context = status.Context,
            Description = status.Description,
            TargetUrl = status.TargetUrl,
        });
        return true;
    });

    internal static ProviderUser Map(User user, string? email) =>
        new(user.Id.ToString(CultureInfo.InvariantCulture), user.Login, string.IsNullOrWhiteSpace(user.Name) ? null : user.Name,
            string.IsNullOrWhiteSpace(email) ? null : email, user.AvatarUrl);

    internal static ProviderRepository Map(Repository repo) => new(
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

    internal static ProviderWebhook Map(RepositoryHook hook) => new(
        hook.Id.ToString(CultureInfo.InvariantCulture),
        hook.Config is not null && hook.Config.TryGetValue("url", out var url) ? url : hook.Url,
        hook.Events?.ToList() ?? [],
        hook.Active);

    private static (string Owner, string Name) Split(string repository)
    {
        var parts = (repository ?? "").Trim().Trim('/').Split('/');
        return parts.Length == 2 && parts.All(p => p.Length > 0)
            ? (parts[0], parts[1])
            : throw new GitProviderException(GitProviderErrorKind.Rejected, $"'{repository}' is not a repository name of the form owner/name.");
    }

    /// <summary>Octokit's exceptions as sentences: expired token, missing scope (from X-Accepted-OAuth-Scopes), rate limit reset.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (GitProviderException)
        {
            throw;
        }
        catch (RateLimitExceededException e)
        {
            throw GitProviderException.RateLimit(Provider, e.Reset, (int)e.StatusCode, e);
        }
        catch (SecondaryRateLimitExceededException e)
        {
            throw GitProviderException.RateLimit(Provider, null, (int)e.StatusCode, e);
        }
        catch (AuthorizationException e)
        {
            throw GitProviderException.Unauthorized(Provider, (int)e.StatusCode, e);
        }
        catch (ApiException e) when (MissingScope(e) is { } scope)
        {
            throw GitProviderException.Scope(Provider, scope, (int)e.StatusCode, e);
        }
        catch (NotFoundException e)
        {
            throw new GitProviderException(GitProviderErrorKind.NotFound, "GitHub has no such repository, or the account cannot see it.", e) { StatusCode = 404 };
        }
        catch (ForbiddenException e)
        {
            throw new GitProviderException(GitProviderErrorKind.InsufficientScope, $"GitHub refused: {e.Message}", e) { StatusCode = 403 };
        }
        catch (ApiValidationException e)
        {
            var detail = e.ApiError?.Errors is { Count: > 0 } errors ? errors[0].Message : e.Message;
            throw new GitProviderException(GitProviderErrorKind.Rejected, $"GitHub refused the request: {detail}", e) { StatusCode = (int)e.StatusCode };
        }
        catch (ApiException e)
        {
            throw new GitProviderException(GitProviderErrorKind.Unavailable, $"GitHub answered {(int)e.StatusCode}: {e.Message}", e) { StatusCode = (int)e.StatusCode };
        }
        catch (HttpRequestException e)
        {
            throw new GitProviderException(GitProviderErrorKind.Unavailable, $"GitHub cannot be reached: {e.Message}", e);
        }
        catch (Exception e) when (Http.JsonProviderClient.IsTimeoutOrRejection(e, CancellationToken.None))
        {
            throw new GitProviderException(GitProviderErrorKind.Unavailable, "GitHub did not answer in time, or failed too often recently. Try again shortly.", e);
        }
    }

    /// <summary>GitHub names the scopes an endpoint accepts and the ones the token has; a 403/404 with none in common is a scope problem.</summary>
    private static string? MissingScope(ApiException e)
    {
        var headers = e.HttpResponse?.Headers;
        if (headers is null || (int)e.StatusCode is not (403 or 404)
            || !TryHeader(headers, "X-Accepted-OAuth-Scopes", out var accepted) || string.IsNullOrWhiteSpace(accepted))
        {
            return null;
        }

        TryHeader(headers, "X-OAuth-Scopes", out var granted);
        var grantedSet = (granted ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var acceptedList = accepted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return acceptedList.Length == 0 || acceptedList.Any(grantedSet.Contains) ? null : acceptedList[0];
    }

    private static bool TryHeader(IReadOnlyDictionary<string, string> headers, string name, out string? value)
    {
        foreach (var pair in headers)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = pair.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
