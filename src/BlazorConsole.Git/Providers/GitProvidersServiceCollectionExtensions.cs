using BlazorConsole.Domain.GitProviders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace BlazorConsole.Git.Providers;

public static class GitProvidersServiceCollectionExtensions
{
    public const string OAuthClientName = "git-oauth";

    public static string ClientName(GitProviderType type) => "git-" + type.ToString().ToLowerInvariant();

    /// <summary>
    /// Provider API clients and the OAuth token client on named HTTP clients with the standard resilience handler.
    /// Retries are for safe methods only: a repeated POST could create a second webhook or redeem a code twice.
    /// </summary>
    /// <summary>An <see cref="OAuth.OAuthTokenClient"/> on the named, resilient <c>git-oauth</c> client (create one per use).</summary>
    public static OAuth.OAuthTokenClient CreateOAuthTokenClient(this IHttpClientFactory clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return new OAuth.OAuthTokenClient(clients.CreateClient(OAuthClientName));
    }

    public static IServiceCollection AddGitProviderClients(this IServiceCollection services)
    {
        foreach (var type in Enum.GetValues<GitProviderType>())
        {
            Configure(services.AddHttpClient(ClientName(type)));
        }

        Configure(services.AddHttpClient(OAuthClientName));
        services.AddSingleton<IGitProviderClientFactory, GitProviderClientFactory>();
        return services;
    }

    private static void Configure(IHttpClientBuilder builder)
    {
        builder.ConfigureHttpClient(http => http.DefaultRequestHeaders.UserAgent.ParseAdd("BlazorConsole"));
        builder.AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
    }
}
