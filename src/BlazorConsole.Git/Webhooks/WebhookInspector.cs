using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using System.Web;

namespace BlazorConsole.Git.Webhooks;

/// <summary>A delivery as received: header lookup (case-insensitive), content type and the exact body bytes.</summary>
public sealed record WebhookRequest(Func<string, string?> Header, string? ContentType, ReadOnlyMemory<byte> Body);

/// <summary>Who sent a delivery, as far as the headers tell.</summary>
public sealed record WebhookEnvelope(WebhookProvider Provider, string EventName, string DeliveryId, bool DeliveryIdFromBody);

public sealed record WebhookVerificationOptions(string Secret, bool AllowUnsigned, DateTimeOffset Now, TimeSpan GiteeTimestampWindow);

/// <summary>
/// Identifies the provider from the headers, checks the signature over the exact bytes, and parses the body into
/// one normalized event. Pure apart from the clock it is given.
/// </summary>
public static class WebhookInspector
{
    /// <summary>
    /// Gitea also sends Gogs and GitHub headers, and Gogs sends GitHub ones, so the most specific header wins.
    /// Returns null when no known provider header is present.
    /// </summary>
    public static WebhookEnvelope? Identify(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (provider, eventName) =
            request.Header("X-Gitea-Event") is { Length: > 0 } gitea ? (WebhookProvider.Gitea, gitea)
            : request.Header("X-Gogs-Event") is { Length: > 0 } gogs ? (WebhookProvider.Gogs, gogs)
            : request.Header("X-Gitee-Event") is { Length: > 0 } gitee ? (WebhookProvider.Gitee, gitee)
            : request.Header("X-Gitlab-Event") is { Length: > 0 } gitlab ? (WebhookProvider.GitLab, gitlab)
            : request.Header("X-GitHub-Event") is { Length: > 0 } github ? (WebhookProvider.GitHub, github)
            : ((WebhookProvider?)null, "");
        if (provider is null)
        {
            return null;
        }

        var deliveryId = provider switch
        {
            WebhookProvider.Gitea => request.Header("X-Gitea-Delivery"),
            WebhookProvider.Gogs => request.Header("X-Gogs-Delivery"),
            WebhookProvider.GitHub => request.Header("X-GitHub-Delivery"),
            WebhookProvider.GitLab => request.Header("X-Gitlab-Event-UUID") ?? request.Header("Idempotency-Key"),
            WebhookProvider.Gitee => request.Header("X-Gitee-Delivery") ?? request.Header("X-Gitee-Timestamp"),
            _ => null,
        };

        // Providers that send no delivery id resend the same bytes: a hash of the body identifies the delivery.
        return string.IsNullOrEmpty(deliveryId)
            ? new WebhookEnvelope(provider.Value, eventName, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)), DeliveryIdFromBody: true)
            : new WebhookEnvelope(provider.Value, eventName, deliveryId.Length > 200 ? deliveryId[..200] : deliveryId, DeliveryIdFromBody: false);
    }

    public static SignatureCheck Verify(WebhookEnvelope envelope, WebhookRequest request, WebhookVerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var body = request.Body.Span;
        return envelope.Provider switch
        {
            WebhookProvider.GitHub => WebhookSignatures.GitHub(body, options.Secret, request.Header("X-Hub-Signature-256")),
            WebhookProvider.Gitea => WebhookSignatures.HexHmac(body, options.Secret, request.Header("X-Gitea-Signature")),
            WebhookProvider.Gogs => WebhookSignatures.HexHmac(body, options.Secret, request.Header("X-Gogs-Signature")),
            WebhookProvider.GitLab => WebhookSignatures.PlainToken(options.Secret, request.Header("X-Gitlab-Token")),
            WebhookProvider.Gitee => WebhookSignatures.Gitee(options.Secret, request.Header("X-Gitee-Token"), request.Header("X-Gitee-Timestamp"), options.Now, options.GiteeTimestampWindow),
            _ => SignatureCheck.Mismatch,
        };
    }

    /// <summary>Parses the body (JSON, or GitHub's form mode with a <c>payload</c> field).</summary>
    public static WebhookParseResult Parse(WebhookEnvelope envelope, WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(request);
        using var document = JsonReading.ParseDocument(JsonBody(envelope, request));
        var root = document.RootElement;
        return envelope.Provider switch
        {
            WebhookProvider.GitHub => GitHubWebhookParser.Parse(envelope.EventName, root),
            WebhookProvider.GitLab => GitLabWebhookParser.Parse(envelope.EventName, root),
            WebhookProvider.Gitee => GiteeWebhookParser.Parse(envelope.EventName, root),
            WebhookProvider.Gitea or WebhookProvider.Gogs => GiteaWebhookParser.Parse(envelope.Provider, envelope.EventName, root),
            _ => WebhookParseResult.Ignored,
        };
    }

    private static ReadOnlyMemory<byte> JsonBody(WebhookEnvelope envelope, WebhookRequest request)
    {
        var mediaType = request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        switch (mediaType)
        {
            case "application/json" or null or "":
                return request.Body;
            case "application/x-www-form-urlencoded" when envelope.Provider == WebhookProvider.GitHub:
                string form;
                try
                {
                    form = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(request.Body.Span);
                }
                catch (DecoderFallbackException e)
                {
                    throw new MalformedWebhookException("The form body is not valid UTF-8.", e);
                }

                var payload = HttpUtility.ParseQueryString(form)["payload"];
                return payload is null
                    ? throw new MalformedWebhookException("A form-encoded GitHub delivery needs a 'payload' field.")
                    : System.Text.Encoding.UTF8.GetBytes(payload);
            default:
                throw new MalformedWebhookException($"Content type '{request.ContentType}' is not supported: configure the hook to send application/json.");
        }
    }
}
