using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.Gitea;

/// <summary>Gitea: self-hosted only, so a service address is always needed.</summary>
internal sealed class GiteaProvider : IOAuthGitProvider
{
    public GitProviderKind Kind => GitProviderKind.Gitea;

    public string ApiName => "gitea";

    public string DisplayName => "Gitea";

    public string? PublicAddress => null;

    public string EventHeader => "X-Gitea-Event";

    // Gitea keeps sending the headers of the projects it forked from, for hooks written against them.
    public IReadOnlySet<GitProviderKind> AlsoSendsEventHeadersOf { get; } = new HashSet<GitProviderKind> { GitProviderKind.Gogs, GitProviderKind.GitHub };

    public string? DeliveryId(Webhooks.WebhookRequest request) => request.Header("X-Gitea-Delivery");

    public SignatureCheck VerifySignature(Webhooks.WebhookRequest request, WebhookVerificationOptions options) =>
        WebhookSignatures.HexHmac(request.Body.Span, options.Secret, request.Header("X-Gitea-Signature"));

    public string MissingSignatureProblem => "no Gitea signature header: set the secret in the hook settings";

    public bool AcceptsFormEncodedPayload => false;

    public WebhookParseResult ParseWebhook(string eventName, JsonElement root) => GiteaWebhookParser.Parse(Kind, eventName, root);

    public string Scopes => "read:user write:repository";

    public bool SupportsPkce => true;

    public OAuthEndpointPaths EndpointPaths { get; } = new("/login/oauth/authorize", "/login/oauth/access_token", "/api/v1");

    public string ServiceAddressHint => "Required: your Gitea's address.";

    public IReadOnlyList<string> OAuthAppRegistrationStepsHtml =>
    [
        "On Gitea open <b>Settings → Applications → Manage OAuth2 Applications</b>.",
        "Enter an application name and, as <b>Redirect URIs</b>, the Callback Address below. Keep <b>Confidential Client</b> ticked, then <b>Create Application</b>.",
        "Copy the <b>Client ID</b> and <b>Client Secret</b>. The Service Address is your Gitea, e.g. <code>https://gitea.example.com</code>.",
        $"The console asks for <code>{Scopes}</code>. Webhooks to a console on a private network need <code>[webhook] ALLOWED_HOST_LIST</code> in Gitea's <code>app.ini</code>.",
    ];

    public IGitProviderClient CreateClient(GitProviderHttp http, Uri apiBaseUrl, string accessToken) =>
        new GiteaProviderClient(http.CreateClient(), apiBaseUrl, accessToken);
}
