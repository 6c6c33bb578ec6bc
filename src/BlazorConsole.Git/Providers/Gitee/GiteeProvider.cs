using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.Gitee;

/// <summary>Gitee (gitee.com and Gitee Enterprise).</summary>
internal sealed class GiteeProvider : IOAuthGitProvider
{
    public GitProviderKind Kind => GitProviderKind.Gitee;

    public string ApiName => "gitee";

    public string DisplayName => "Gitee";

    public string? PublicAddress => "https://gitee.com";

    public string EventHeader => "X-Gitee-Event";

    public IReadOnlySet<GitProviderKind> AlsoSendsEventHeadersOf { get; } = new HashSet<GitProviderKind>();

    // Without a delivery header the timestamp of the signature is unique enough per delivery.
    public string? DeliveryId(Webhooks.WebhookRequest request) => request.Header("X-Gitee-Delivery") ?? request.Header("X-Gitee-Timestamp");

    public SignatureCheck VerifySignature(Webhooks.WebhookRequest request, WebhookVerificationOptions options) =>
        WebhookSignatures.Gitee(options.Secret, request.Header("X-Gitee-Token"), request.Header("X-Gitee-Timestamp"), options.Now, options.GiteeTimestampWindow);

    public string MissingSignatureProblem => "no X-Gitee-Token header: set the password or signing key in the Gitee hook settings";

    public bool AcceptsFormEncodedPayload => false;

    public WebhookParseResult ParseWebhook(string eventName, JsonElement root) => GiteeWebhookParser.Parse(eventName, root);

    public string Scopes => "user_info projects hook";

    // Gitee does not accept PKCE on the authorization code.
    public bool SupportsPkce => false;

    public OAuthEndpointPaths EndpointPaths { get; } = new("/oauth/authorize", "/oauth/token", "/api/v5");

    public string ServiceAddressHint => "Empty for the public service, or your own server's address.";

    public IReadOnlyList<string> OAuthAppRegistrationStepsHtml =>
    [
        "On Gitee open <b>Settings → Third-party applications → Create application</b> (设置 → 第三方应用 → 创建应用).",
        "<b>Application callback URL</b>: the Callback Address below.",
        "Tick the permissions <code>user_info</code>, <code>projects</code> and <code>hook</code>, create it, and copy the <b>Client ID</b> and <b>Client Secret</b>.",
        "Service Address: <code>https://gitee.com</code>, or your Gitee Enterprise address. Tokens last a day; the console refreshes them.",
    ];

    public IGitProviderClient CreateClient(GitProviderHttp http, Uri apiBaseUrl, string accessToken) =>
        new GiteeProviderClient(http.CreateClient(), apiBaseUrl, accessToken);
}
