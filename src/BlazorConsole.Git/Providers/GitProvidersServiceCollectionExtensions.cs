using BlazorConsole.Git.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace BlazorConsole.Git.Providers;

public static class GitProvidersServiceCollectionExtensions
{
    public const string OAuthClientName = "git-oauth";

    /// <summary>The named HTTP client of a provider's API: <c>git-github</c>, ...</summary>
    public static string ClientName(IGitProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return "git-" + provider.ApiName;
    }

    /// <summary>
    /// Provider API clients and the OAuth token client on named HTTP clients with the standard resilience handler.
    /// Retries are for safe methods only: a repeated POST could create a second webhook or redeem a code twice.
    /// Every connection goes through the <see cref="OutboundGuard"/> (the URLs are typed by users).
    /// </summary>
    /// <summary>An <see cref="OAuth.OAuthTokenClient"/> on the named, resilient <c>git-oauth</c> client (create one per use).</summary>
    public static OAuth.OAuthTokenClient CreateOAuthTokenClient(this IHttpClientFactory clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return new OAuth.OAuthTokenClient(clients.CreateClient(OAuthClientName));
    }

    public static IServiceCollection AddGitProviderClients(this IServiceCollection services)
    {
        // Only providers with an API get a client; Gogs only sends webhooks.
        foreach (var provider in GitProviderRegistry.Default.OAuthCapable)
        {
            Configure(services.AddHttpClient(ClientName(provider)));
        }

        Configure(services.AddHttpClient(OAuthClientName));
        services.AddSingleton(GitProviderRegistry.Default);
        services.AddSingleton<IGitProviderClientFactory, GitProviderClientFactory>();
        return services;
    }

    private static void Configure(IHttpClientBuilder builder)
    {
        builder.ConfigureHttpClient(http => http.DefaultRequestHeaders.UserAgent.ParseAdd("BlazorConsole"));
        builder.UseOutboundGuard();
        builder.AddStandardResilienceHandler(options =>
        {
            // A refused address is refused again on every attempt, and says nothing about the provider's health:
            // neither retried nor counted by the circuit breaker (shared by every service of the provider type).
            options.Retry.ShouldHandle = args => ValueTask.FromResult(
                !OutboundAddressRefusedException.IsRefusal(args.Outcome.Exception) && HttpClientResiliencePredicates.IsTransient(args.Outcome));
            options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
                !OutboundAddressRefusedException.IsRefusal(args.Outcome.Exception) && HttpClientResiliencePredicates.IsTransient(args.Outcome));
            options.Retry.DisableForUnsafeHttpMethods(); // after ShouldHandle: it wraps the predicate it finds
        });
    }
}
