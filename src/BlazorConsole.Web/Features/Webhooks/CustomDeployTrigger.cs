using System.Diagnostics;
using System.Text.Json;
using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.Pipeline.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Components;
using BlazorConsole.Application.Webhooks;
using WebhookAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<BlazorConsole.Web.Features.Webhooks.WebhookResponse>,
    Microsoft.AspNetCore.Http.HttpResults.NotFound,
    Microsoft.AspNetCore.Http.HttpResults.StatusCodeHttpResult,
    BlazorConsole.Web.Features.Webhooks.RetryLaterResult>;

namespace BlazorConsole.Web.Features.Webhooks;

/// <summary>
/// <c>POST /console/custom/deploy/{componentId}</c> with <c>{"secret_key": "...", "ref": "..."?}</c>: builds the tracked
/// branch (or the given ref) for scripts and other CI systems. The key is compared by hash in constant time.
/// </summary>
internal sealed class CustomDeployTrigger(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    WebhookReceiver receiver,
    IOptions<WebhookOptions> options,
    TimeProvider time)
{
    private const int MaxBody = 16 * 1024;

    public async Task<WebhookAnswer> TriggerAsync(Guid componentId, HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var component = await db.Components.AsNoTracking().FirstOrDefaultAsync(c => c.Id == componentId, http.RequestAborted);
        if (component is null)
        {
            return TypedResults.NotFound();
        }

        if (http.Request.ContentLength > MaxBody)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        WebhookBodyLimits.Apply(http, MaxBody, options.Value);
        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        }
        catch (BadHttpRequestException refusal)
        {
            return WebhookBodyLimits.Refused(refusal);
        }

        if (buffer.Length > MaxBody)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var body = buffer.ToArray();
        var draft = new DeliveryDraft(componentId, "api", "custom-deploy", null, time.GetUtcNow(), 200, WebhookDecision.Rejected, null, null,
            Verified: false, DeliveryHeaders.ToJson(http.Request.Headers), http.Request.ContentType, MaskKey(body));

        string? key;
        string? requestedRef;
        try
        {
            using var document = JsonDocument.Parse(body);
            key = document.RootElement.TryGetProperty("secret_key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            requestedRef = document.RootElement.TryGetProperty("ref", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return await receiver.RecordAsync(draft with { Status = 400, Reason = SkipReason.Malformed, Detail = "send JSON: {\"secret_key\": \"…\"}" }, started);
        }

        if (!ComponentSecrets.KeyMatches(key, component.ApiTriggerKeyHash))
        {
            return await receiver.RecordAsync(draft with { Status = 401, Reason = SkipReason.BadSignature, Detail = key is null ? "no secret_key in the body" : "secret_key did not match this component's API trigger key" }, started);
        }

        var fullRef = requestedRef is { Length: > 0 }
            ? (requestedRef.StartsWith("refs/", StringComparison.Ordinal) ? requestedRef : RefMatcher.BranchPrefix + requestedRef)
            : component.Branch is { } branch && !RefMatcher.IsGlob(branch) ? RefMatcher.BranchPrefix + branch : null;
        if (fullRef is null)
        {
            return await receiver.RecordAsync(draft with { Status = 400, Verified = true, Reason = SkipReason.Malformed, Detail = "this component tracks a pattern, not one branch: send the \"ref\" to build" }, started);
        }

        var settings = TriggerSettings.Of(component);
        if (!TriggerRules.RefMatches(settings, fullRef))
        {
            return await receiver.RecordAsync(draft with { Status = 200, Verified = true, Decision = WebhookDecision.Skipped, Reason = SkipReason.BranchMismatch, Ref = fullRef, Detail = $"{RefMatcher.ShortName(fullRef)} is not tracked by this component" }, started);
        }

        var awaiting = component.Environment == ComponentEnvironment.Production && component.RequireApproval;
        var build = new BuildDraft(BuildTrigger.Api, awaiting ? BuildStatus.AwaitingApproval : BuildStatus.Queued, fullRef, null, null, null, null, null, DeduplicateByDeliveryId: false);
        return await receiver.RecordAsync(draft with
        {
            Status = 202,
            Verified = true,
            Decision = awaiting ? WebhookDecision.AwaitingApproval : WebhookDecision.Triggered,
            Ref = fullRef,
            Detail = awaiting ? "builds after a team admin approves it (Production)" : "build queued by the API trigger",
            Build = build,
        }, started);
    }

    /// <summary>The stored body never contains the key.</summary>
    private static byte[] MaskKey(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return body;
            }

            var masked = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Name == "secret_key" ? (object?)"•••••• (masked)" : p.Value.Clone());
            return JsonSerializer.SerializeToUtf8Bytes(masked);
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
