using BlazorConsole.Domain.GitProviders;

namespace BlazorConsole.Git.Providers;

/// <summary>Which provider, where its API is, and whose token to use.</summary>
public sealed record GitProviderConnection(GitProviderKind Kind, Uri ApiBaseUrl, string AccessToken);

public interface IGitProviderClientFactory
{
    IGitProviderClient Create(GitProviderConnection connection);
}

/// <summary>Builds the provider client on the named, resilient HTTP pipelines registered by <see cref="GitProvidersServiceCollectionExtensions"/>.</summary>
internal sealed class GitProviderClientFactory(GitProviderRegistry registry, IHttpClientFactory clients, IHttpMessageHandlerFactory handlers) : IGitProviderClientFactory
{
    public IGitProviderClient Create(GitProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var provider = registry.GetOAuth(connection.Kind);
        var http = new GitProviderHttp(clients, handlers, GitProvidersServiceCollectionExtensions.ClientName(provider));
        return provider.CreateClient(http, connection.ApiBaseUrl, connection.AccessToken);
    }
}
