using System.Text.Json;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers.Gitea;
using BlazorConsole.Git.Webhooks;

namespace BlazorConsole.Git.Providers.Gogs;

/// <summary>
/// Gogs: webhooks only. It has no OAuth provider to bind accounts on, so it is not an <see cref="IOAuthGitProvider"/>.
/// Its deliveries have Gitea's shape (Gitea forked from it) and the same hex HMAC signature.
/// </summary>
internal sealed class GogsProvider : IGitProvider
{
    public GitProviderKind Kind => GitProviderKind.Gogs;

    public string ApiName => "gogs";

    public string DisplayName => "Gogs";

    public string? PublicAddress => null;

    public string EventHeader => "X-Gogs-Event";

    public IReadOnlySet<GitProviderKind> AlsoSendsEventHeadersOf { get; } = new HashSet<GitProviderKind> { GitProviderKind.GitHub };

    public string? DeliveryId(Webhooks.WebhookRequest request) => request.Header("X-Gogs-Delivery");

    public SignatureCheck VerifySignature(Webhooks.WebhookRequest request, WebhookVerificationOptions options) =>
        WebhookSignatures.HexHmac(request.Body.Span, options.Secret, request.Header("X-Gogs-Signature"));

    public string MissingSignatureProblem => "no Gogs signature header: set the secret in the hook settings";

    public bool AcceptsFormEncodedPayload => false;

    public WebhookParseResult ParseWebhook(string eventName, JsonElement root) => GiteaWebhookParser.Parse(Kind, eventName, root);
}
