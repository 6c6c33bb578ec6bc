using System.Security.Cryptography;
using System.Text;
using System.Web;
using BlazorConsole.Git.Providers;

namespace BlazorConsole.Git.Webhooks;

/// <summary>A delivery as received: header lookup (case-insensitive), content type and the exact body bytes.</summary>
public sealed record WebhookRequest(Func<string, string?> Header, string? ContentType, ReadOnlyMemory<byte> Body);

/// <summary>Who sent a delivery, as far as the headers tell.</summary>
public sealed record WebhookEnvelope(IGitProvider Provider, string EventName, string DeliveryId, bool DeliveryIdFromBody);

public sealed record WebhookVerificationOptions(string Secret, bool AllowUnsigned, DateTimeOffset Now, TimeSpan GiteeTimestampWindow);

/// <summary>
/// Identifies the provider from the headers, checks the signature over the exact bytes, and parses the body into
/// one normalized event. Pure apart from the clock it is given; what differs per provider is asked of the
/// <see cref="IGitProvider"/>.
/// </summary>
public static class WebhookInspector
{
    /// <summary>The event headers of every provider, as a sentence for a delivery that has none of them.</summary>
    public static string ExpectedEventHeaders => GitProviderRegistry.Default.EventHeadersSentence();

    /// <summary>The provider whose event header is the most specific one present; null when there is none.</summary>
    public static WebhookEnvelope? Identify(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!GitProviderRegistry.Default.TryIdentify(request.Header, out var provider, out var eventName))
        {
            return null;
        }

        var deliveryId = provider.DeliveryId(request);

        // Providers that send no delivery id resend the same bytes: a hash of the body identifies the delivery.
        return string.IsNullOrEmpty(deliveryId)
            ? new WebhookEnvelope(provider, eventName, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)), DeliveryIdFromBody: true)
            : new WebhookEnvelope(provider, eventName, deliveryId.Length > 200 ? deliveryId[..200] : deliveryId, DeliveryIdFromBody: false);
    }

    public static SignatureCheck Verify(WebhookEnvelope envelope, WebhookRequest request, WebhookVerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return envelope.Provider.VerifySignature(request, options);
    }

    /// <summary>Parses the body (JSON, or GitHub's form mode with a <c>payload</c> field).</summary>
    public static WebhookParseResult Parse(WebhookEnvelope envelope, WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(request);
        using var document = JsonReading.ParseDocument(JsonBody(envelope, request));
        return envelope.Provider.ParseWebhook(envelope.EventName, document.RootElement);
    }

    private static ReadOnlyMemory<byte> JsonBody(WebhookEnvelope envelope, WebhookRequest request)
    {
        var mediaType = request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        switch (mediaType)
        {
            case "application/json" or null or "":
                return request.Body;
            case "application/x-www-form-urlencoded" when envelope.Provider.AcceptsFormEncodedPayload:
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
                    ? throw new MalformedWebhookException($"A form-encoded {envelope.Provider.DisplayName} delivery needs a 'payload' field.")
                    : System.Text.Encoding.UTF8.GetBytes(payload);
            default:
                throw new MalformedWebhookException($"Content type '{request.ContentType}' is not supported: configure the hook to send application/json.");
        }
    }
}
