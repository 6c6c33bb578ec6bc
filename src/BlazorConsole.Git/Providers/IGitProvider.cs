using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers;

/// <summary>
/// Everything the console knows about one Git provider that is needed to receive its webhooks.
/// One implementation per <see cref="GitProviderKind"/>, in <c>Providers/&lt;Name&gt;/</c>, looked up through
/// <see cref="GitProviderRegistry"/>: code elsewhere asks the provider instead of switching over the kind.
/// </summary>
public interface IGitProvider
{
    GitProviderKind Kind { get; }

    /// <summary>The lower-case name used in the API, in stored deliveries and in HTTP client names: <c>github</c>, ...</summary>
    string ApiName { get; }

    string DisplayName { get; }

    /// <summary>The public service used when no service address is given; null when there is none (self-hosted only).</summary>
    string? PublicAddress { get; }

    /// <summary>Whether accounts can be bound and repositories listed (the provider is an <see cref="IOAuthGitProvider"/>).</summary>
    bool SupportsOAuth => this is IOAuthGitProvider;

    /// <summary>The header naming the event (<c>X-GitHub-Event</c>, ...); its presence identifies the provider.</summary>
    string EventHeader { get; }

    /// <summary>
    /// Providers whose event header this one sends too (Gitea sends Gogs and GitHub headers, Gogs GitHub ones):
    /// the registry tries this provider before them. List them all, not only the direct imitations.
    /// </summary>
    IReadOnlySet<GitProviderKind> AlsoSendsEventHeadersOf { get; }

    /// <summary>The provider's id of the delivery, or null when it sends none (the body's hash stands in then).</summary>
    string? DeliveryId(Webhooks.WebhookRequest request);

    SignatureCheck VerifySignature(Webhooks.WebhookRequest request, WebhookVerificationOptions options);

    /// <summary>What to tell the operator when a delivery carries no signature or token header.</summary>
    string MissingSignatureProblem { get; }

    /// <summary>Whether the body may come form-encoded with the JSON in a <c>payload</c> field (GitHub's form mode).</summary>
    bool AcceptsFormEncodedPayload { get; }

    WebhookParseResult ParseWebhook(string eventName, JsonElement root);
}

/// <summary>A provider the console binds OAuth accounts on and calls the REST API of.</summary>
public interface IOAuthGitProvider : IGitProvider
{
    /// <summary>Scopes requested when authorizing: enough to list repositories, read the user and manage webhooks and statuses.</summary>
    string Scopes { get; }

    /// <summary>Whether the authorization code may be bound with PKCE (S256).</summary>
    bool SupportsPkce { get; }

    /// <summary>Paths below the service address: authorize, token and API base.</summary>
    OAuthEndpointPaths EndpointPaths { get; }

    /// <summary>Shown under the Service Address field.</summary>
    string ServiceAddressHint { get; }

    /// <summary>
    /// How to register the OAuth application on the provider, one step per entry. Trusted markup (written here,
    /// never from input) so the steps can show menu paths in bold and values as code.
    /// </summary>
    IReadOnlyList<string> OAuthAppRegistrationStepsHtml { get; }

    /// <summary>The API base when none is configured; the public service may keep its API on another host (api.github.com).</summary>
    string DefaultApiBase(string webAddress) => webAddress + EndpointPaths.ApiBase;

    /// <summary>Derives the endpoints from the service address (the public one when empty); explicit URLs win.</summary>
    ProviderEndpoints ResolveEndpoints(string? serviceAddress, string? apiUrl = null, string? authorizeUrl = null, string? tokenUrl = null)
    {
        var web = (string.IsNullOrWhiteSpace(serviceAddress) ? PublicAddress : serviceAddress.Trim())
            ?? throw new ArgumentException($"{DisplayName} needs a service address (e.g. https://{ApiName}.example.com).", nameof(serviceAddress));
        web = web.TrimEnd('/');
        var api = !string.IsNullOrWhiteSpace(apiUrl) ? apiUrl.Trim() : DefaultApiBase(web);
        return new ProviderEndpoints(
            ProviderEndpoints.Absolute(string.IsNullOrWhiteSpace(authorizeUrl) ? web + EndpointPaths.Authorize : authorizeUrl.Trim()),
            ProviderEndpoints.Absolute(string.IsNullOrWhiteSpace(tokenUrl) ? web + EndpointPaths.Token : tokenUrl.Trim()),
            ProviderEndpoints.Absolute(api.TrimEnd('/') + "/"));
    }

    IGitProviderClient CreateClient(GitProviderHttp http, Uri apiBaseUrl, string accessToken);
}

/// <summary>OAuth and API paths relative to a provider's service address, each starting with '/'.</summary>
public sealed record OAuthEndpointPaths(string Authorize, string Token, string ApiBase);

/// <summary>Where a provider's OAuth and API endpoints are (absolute, API base ending in '/').</summary>
public sealed record ProviderEndpoints(Uri AuthorizeUrl, Uri TokenUrl, Uri ApiBaseUrl)
{
    internal static Uri Absolute(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri)
        ? uri
        : throw new ArgumentException($"'{url}' is not an absolute address.", nameof(url));
}

/// <summary>The named, resilient HTTP pipeline a provider's API client is built on.</summary>
public sealed record GitProviderHttp(IHttpClientFactory Clients, IHttpMessageHandlerFactory Handlers, string ClientName)
{
    public HttpClient CreateClient() => Clients.CreateClient(ClientName);

    public HttpMessageHandler CreateHandler() => Handlers.CreateHandler(ClientName);
}
