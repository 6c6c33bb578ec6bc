using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.GitLab;

/// <summary>GitLab (gitlab.com and self-managed).</summary>
internal sealed class GitLabProvider : IOAuthGitProvider
{
    public GitProviderKind Kind => GitProviderKind.GitLab;

    public string ApiName => "gitlab";

    public string DisplayName => "GitLab";

    public string? PublicAddress => "https://gitlab.com";

    public string EventHeader => "X-Gitlab-Event";

    public IReadOnlySet<GitProviderKind> AlsoSendsEventHeadersOf { get; } = new HashSet<GitProviderKind>();

    // Older GitLab versions send no event UUID, only the idempotency key.
    public string? DeliveryId(Webhooks.WebhookRequest request) => request.Header("X-Gitlab-Event-UUID") ?? request.Header("Idempotency-Key");

    public SignatureCheck VerifySignature(Webhooks.WebhookRequest request, WebhookVerificationOptions options) =>
        WebhookSignatures.PlainToken(options.Secret, request.Header("X-Gitlab-Token"));

    public string MissingSignatureProblem => "no X-Gitlab-Token header: set the secret token in the GitLab hook settings";

    public bool AcceptsFormEncodedPayload => false;

    public WebhookParseResult ParseWebhook(string eventName, JsonElement root) => GitLabWebhookParser.Parse(eventName, root);

    public string Scopes => "api read_user read_repository";

    public bool SupportsPkce => true;

    public OAuthEndpointPaths EndpointPaths { get; } = new("/oauth/authorize", "/oauth/token", "/api/v4");

    public string ServiceAddressHint => "Empty for the public service, or your own server's address.";

    public IReadOnlyList<string> OAuthAppRegistrationStepsHtml =>
    [
        "On GitLab open <b>Edit profile → Applications → Add new application</b> (group-owned: <b>Group → Settings → Applications</b>; instance-wide: <b>Admin Area → Applications</b>).",
        "<b>Redirect URI</b>: the Callback Address below. Keep <b>Confidential</b> ticked.",
        "Tick the scopes <code>api</code>, <code>read_user</code> and <code>read_repository</code>, then <b>Save application</b>; copy the <b>Application ID</b> (Client ID) and the <b>Secret</b>.",
        "Self-managed GitLab in the same network as the console: webhooks to it need <b>Admin Area → Settings → Network → Outbound requests → Allow requests to the local network from webhooks and integrations</b>.",
        "GitLab access tokens last 2 hours; the console refreshes them.",
    ];

    public IGitProviderClient CreateClient(GitProviderHttp http, Uri apiBaseUrl, string accessToken) =>
        new GitLabProviderClient(http.CreateClient(), apiBaseUrl, accessToken);
}
