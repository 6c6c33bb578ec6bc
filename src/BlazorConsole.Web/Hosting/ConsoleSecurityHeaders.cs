using System.Security.Cryptography;

namespace BlazorConsole.Web.Hosting;

/// <summary>
/// Security headers on every response of the console itself (pages, API, webhooks): a Content-Security-Policy that
/// Blazor Server and MudBlazor run under, no MIME sniffing, and no full URLs leaked as referrers. Deployed apps on
/// <c>{component}.{AppsDomain}</c> are branched off before this runs: they serve the teams' own pages and set their own.
/// </summary>
internal static class ConsoleSecurityHeaders
{
    private const string NonceKey = "BlazorConsole.CspNonce";

    /// <summary>
    /// The nonce of this response's policy, for the one inline script the shell needs (Blazor's import map, which maps
    /// module names to fingerprinted URLs). Everything else is loaded from the console's own origin.
    /// </summary>
    public static string CspNonce(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items[NonceKey] as string ?? "";
    }

    public static IApplicationBuilder UseConsoleSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Hex, not base64: Razor HTML-encodes "+" and "/" in attributes, and the page must carry the same text as the header.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        // At response start, not now: the exception handler and status-code pages clear headers before they re-execute.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(http.CspNonce(), http.Request);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    /// <summary>
    /// script-src: the console's files plus the nonce-marked import map; Blazor Server needs no eval (only WebAssembly
    /// would need 'wasm-unsafe-eval'). style-src 'unsafe-inline': MudBlazor writes style attributes and its theme as an
    /// inline style element. connect-src: the circuit's WebSocket and the log hub on this very host ('self' covers ws:
    /// in CSP 3; the explicit origin is for engines that predate it). form-action 'self': every form posts to the
    /// console; "Go to Authentication" is a link (GET) whose redirect form-action does not govern.
    /// </summary>
    internal static string ContentSecurityPolicy(string nonce, HttpRequest request)
    {
        var socketOrigin = $"{(request.IsHttps ? "wss" : "ws")}://{request.Host}";
        return "default-src 'self'; " +
            $"script-src 'self' 'nonce-{nonce}'; " +
            "style-src 'self' 'unsafe-inline'; " +
            "img-src 'self' data:; " +
            "font-src 'self' data:; " +
            $"connect-src 'self' {socketOrigin}; " +
            "object-src 'none'; " +
            "frame-ancestors 'none'; " +
            "base-uri 'self'; " +
            "form-action 'self'";
    }
}
