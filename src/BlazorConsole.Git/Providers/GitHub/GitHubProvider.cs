using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.GitHub;

/// <summary>GitHub (github.com and GitHub Enterprise Server).</summary>
internal sealed class GitHubProvider : IOAuthGitProvider
{
    public GitProviderKind Kind => GitProviderKind.GitHub;

    public string ApiName => "github";

    public string DisplayName => "GitHub";

    public string? PublicAddress => "https://github.com";

    public string EventHeader => "X-GitHub-Event";

    public IReadOnlySet<GitProviderKind> AlsoSendsEventHeadersOf { get; } = new HashSet<GitProviderKind>();

    public string? DeliveryId(Webhooks.WebhookRequest request) => request.Header("X-GitHub-Delivery");

    public SignatureCheck VerifySignature(Webhooks.WebhookRequest request, WebhookVerificationOptions options) =>
        WebhookSignatures.GitHub(request.Body.Span, options.Secret, request.Header("X-Hub-Signature-256"));

    public string MissingSignatureProblem => "no X-Hub-Signature-256 header: set the secret in the GitHub hook settings (or allow unsigned deliveries)";

    public bool AcceptsFormEncodedPayload => true;

    public WebhookParseResult ParseWebhook(string eventName, JsonElement root) => GitHubWebhookParser.Parse(eventName, root);

    public string Scopes => "repo admin:repo_hook read:user user:email";

    public bool SupportsPkce => true;

    public OAuthEndpointPaths EndpointPaths { get; } = new("/login/oauth/authorize", "/login/oauth/access_token", "/api/v3");

    public string ServiceAddressHint => "Empty for github.com; your server for GitHub Enterprise.";

    public IReadOnlyList<string> OAuthAppRegistrationStepsHtml =>
    [
        "On GitHub open <b>Settings → Developer settings → OAuth Apps → New OAuth App</b> (for an organisation: <b>Organization settings → Developer settings → OAuth Apps</b>).",
        "<b>Homepage URL</b>: the console's address. <b>Authorization callback URL</b>: the Callback Address below.",
        "<b>Register application</b>, copy the <b>Client ID</b>, then <b>Generate a new client secret</b> and copy it at once.",
        $"OAuth apps have no scope checkboxes: the console asks for <code>{Scopes}</code> when someone authenticates.",
        "GitHub Enterprise Server: set the Service Address to your server (e.g. <code>https://github.example.com</code>); the API is <code>/api/v3</code> there.",
    ];

    /// <summary>github.com serves its API from api.github.com; Enterprise servers below <c>/api/v3</c>.</summary>
    public string DefaultApiBase(string webAddress) =>
        Uri.TryCreate(webAddress, UriKind.Absolute, out var web) && web.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase)
            ? "https://api.github.com"
            : webAddress + EndpointPaths.ApiBase;

    // Octokit builds its own HttpClient: it gets the pipeline's handler rather than a client.
    public IGitProviderClient CreateClient(GitProviderHttp http, Uri apiBaseUrl, string accessToken) =>
        new GitHubProviderClient(http.CreateHandler, apiBaseUrl, accessToken);
}
