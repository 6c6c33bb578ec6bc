using System.Buffers;
using System.Diagnostics;
using System.Text.Json.Serialization;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.Git.Webhooks;
using BlazorConsole.Pipeline.Queue;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Components;
using BlazorConsole.Application.Webhooks;
using WebhookAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<BlazorConsole.Web.Features.Webhooks.WebhookResponse>,
    Microsoft.AspNetCore.Http.HttpResults.NotFound,
    Microsoft.AspNetCore.Http.HttpResults.StatusCodeHttpResult,
    BlazorConsole.Web.Features.Webhooks.RetryLaterResult>;

namespace BlazorConsole.Web.Features.Webhooks;

/// <summary>The response body of a webhook call (API.md).</summary>
internal sealed record WebhookResponse(
    long? DeliveryId,
    string Decision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? BuildId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? OriginalDeliveryId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);

/// <summary>
/// <c>POST /console/webhooks/{componentId}</c>: verify, decide, record, answer. Every outcome but 404 and 413 is
/// stored (through <see cref="DeliveryRecorder"/>) before the response is written,
/// except rejected requests over the component's budget (429, counted) and bodies Kestrel cuts off (408, 413).
/// </summary>
internal sealed class WebhookReceiver(
    WebhookComponentCache components,
    DeliveryRecorder recorder,
    RejectedDeliveryLimiter rejectedLimiter,
    IOptions<WebhookOptions> options,
    TimeProvider time)
{
    public async Task<WebhookAnswer> ReceiveAsync(Guid componentId, HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var target = await components.GetAsync(componentId, http.RequestAborted);
        if (target is null)
        {
            return TypedResults.NotFound();
        }

        WebhookBodyLimits.Apply(http, options.Value.MaxBodyBytes, options.Value);
        byte[]? body;
        try
        {
            body = await ReadBodyAsync(http.Request, options.Value.MaxBodyBytes, http.RequestAborted);
        }
        catch (BadHttpRequestException refusal)
        {
            return WebhookBodyLimits.Refused(refusal);
        }

        if (body is null)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var now = time.GetUtcNow();
        var headers = http.Request.Headers;
        var request = new WebhookRequest(name => headers.TryGetValue(name, out var value) ? value.ToString() : null, http.Request.ContentType, body);
        var envelope = WebhookInspector.Identify(request);
        var draft = new DeliveryDraft(
            componentId,
            envelope?.Provider.ApiName ?? "unknown",
            envelope?.EventName,
            envelope?.DeliveryId,
            now,
            StatusCodes.Status200OK,
            WebhookDecision.Rejected,
            null,
            null,
            Verified: false,
            DeliveryHeaders.ToJson(headers),
            http.Request.ContentType,
            body);

        if (envelope is null)
        {
            return await RecordAsync(draft with { Status = 400, Reason = SkipReason.Malformed, Detail = $"no provider event header: expected {WebhookInspector.ExpectedEventHeaders}" }, started);
        }

        var verification = target.Secret is null
            ? SignatureCheck.Mismatch
            : WebhookInspector.Verify(envelope, request, new WebhookVerificationOptions(target.Secret, target.AllowUnsigned, now, options.Value.GiteeTimestampWindow));
        var allowedUnsigned = verification == SignatureCheck.Missing && target.AllowUnsigned;
        if (verification != SignatureCheck.Valid && !allowedUnsigned)
        {
            return await RecordAsync(draft with { Status = 401, Reason = SkipReason.BadSignature, Detail = SignatureProblem(envelope, verification, target.Secret is null) }, started);
        }

        draft = DeliveryDecisions.Decide(draft with { Verified = true }, envelope, request, target.Settings, BuildTrigger.Webhook);
        return await RecordAsync(draft, started);
    }

    /// <summary>
    /// Stores the delivery and answers with its outcome; a rejected one only while the component's budget of rejected
    /// requests lasts (else 429, nothing stored), so forged floods cost a counter, not a row each.
    /// </summary>
    public async Task<WebhookAnswer> RecordAsync(DeliveryDraft draft, long started)
    {
        if (draft.Decision == WebhookDecision.Rejected && !rejectedLimiter.TryAdmit(draft.ComponentId, out var retryAfter))
        {
            return new RetryLaterResult(retryAfter);
        }

        draft = draft with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        var recorded = await recorder.RecordAsync(draft, CancellationToken.None);
        return TypedResults.Json(ToResponse(recorded, draft), statusCode: StatusOf(recorded, draft));
    }

    public static WebhookResponse ToResponse(RecordedDelivery recorded, DeliveryDraft draft) => new(
        recorded.DeliveryId,
        recorded.Decision.ToApi(),
        recorded.Reason?.ToApi(),
        recorded.BuildId,
        recorded.OriginalDeliveryId,
        recorded.Decision is WebhookDecision.Duplicate ? null : draft.Detail);

    public static int StatusOf(RecordedDelivery recorded, DeliveryDraft draft) => recorded.Decision switch
    {
        WebhookDecision.Triggered or WebhookDecision.AwaitingApproval => StatusCodes.Status202Accepted,
        WebhookDecision.Duplicate => StatusCodes.Status200OK,
        _ => draft.Status,
    };

    private static string SignatureProblem(WebhookEnvelope envelope, SignatureCheck check, bool secretUnreadable) => check switch
    {
        _ when secretUnreadable => "the component's webhook secret cannot be decrypted (the key ring changed); rotate the secret and update the provider's hook",
        SignatureCheck.Missing => envelope.Provider.MissingSignatureProblem,
        SignatureCheck.Stale => $"the {envelope.Provider.DisplayName} signature is genuine but its timestamp is outside the accepted window (a replay, or a wrong clock)",
        _ => "signature did not match the secret",
    };

    /// <summary>Reads the body up to the limit; null when it is larger (the caller answers 413 without storing it).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } length and > 0 ? (int)Math.Min(length + 1, limit + 1L) : 16 * 1024);
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > limit)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1L));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > limit)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
