using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using BlazorConsole.Application.Webhooks;

namespace BlazorConsole.Web.Features.Webhooks;

/// <summary>
/// Kestrel's own per-request limits on the webhook URLs: the body size (over it, reading throws a 413) and the slowest
/// upload rate (under it, reading throws a 408). The receivers turn those exceptions into answers instead of letting
/// them reach the exception handler as a 500.
/// </summary>
internal static class WebhookBodyLimits
{
    public static void Apply(HttpContext http, long maxBodyBytes, WebhookOptions options)
    {
        // Not every server has these features (the in-memory test server has neither); Kestrel has both.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBodyBytes;
        }

        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(options.MinBodyBytesPerSecond, options.BodyGracePeriod);
        }
    }

    /// <summary>
    /// The answer to a body Kestrel refused while it was being read: 408 (too slow), 413 (too large) or 400 (broken
    /// chunking). Nothing is stored: there is no complete request to record, and storing trickles would let a slow
    /// sender fill the disk.
    /// </summary>
    public static StatusCodeHttpResult Refused(BadHttpRequestException refusal) => TypedResults.StatusCode(refusal.StatusCode);
}

/// <summary>429 for a rejected request over the component's budget; Retry-After in whole seconds (at least one).</summary>
internal sealed class RetryLaterResult(TimeSpan retryAfter) : IResult
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}
