using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers.GitHub;
using BlazorConsole.Git.Providers.Gitea;
using BlazorConsole.Git.Providers.Gitee;
using BlazorConsole.Git.Providers.GitLab;

namespace BlazorConsole.Git.Providers;

/// <summary>Which provider, where its API is, and whose token to use.</summary>
public sealed record GitProviderConnection(GitProviderType Type, Uri ApiBaseUrl, string AccessToken);

public interface IGitProviderClientFactory
{
    IGitProviderClient Create(GitProviderConnection connection);
}

/// <summary>Builds the provider client on the named, resilient HTTP pipelines registered by <see cref="GitProvidersServiceCollectionExtensions"/>.</summary>
internal sealed class GitProviderClientFactory(IHttpClientFactory clients, IHttpMessageHandlerFactory handlers) : IGitProviderClientFactory
{
    public IGitProviderClient Create(GitProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var name = GitProvidersServiceCollectionExtensions.ClientName(connection.Type);
        return connection.Type switch
        {
            GitProviderType.GitHub => new GitHubProviderClient(() => handlers.CreateHandler(name), connection.ApiBaseUrl, connection.AccessToken),
            GitProviderType.GitLab => new GitLabProviderClient(clients.CreateClient(name), connection.ApiBaseUrl, connection.AccessToken),
            GitProviderType.Gitee => new GiteeProviderClient(clients.CreateClient(name), connection.ApiBaseUrl, connection.AccessToken),
            GitProviderType.Gitea => new GiteaProviderClient(clients.CreateClient(name), connection.ApiBaseUrl, connection.AccessToken),
            _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.Type, "Unknown provider type."),
        };
    }
}
