using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Hosting;

/// <summary>
/// Refuses browser connections whose <c>Origin</c> is not the console's own. WebSockets are not covered by CORS, so
/// without this a page on any site could open the log hub with the visitor's sign-in cookie (cross-site WebSocket
/// hijacking). Clients without an Origin header (scripts with a bearer token) are not browsers and pass.
/// </summary>
internal static class SameOriginBrowsers
{
    /// <summary>Wraps every endpoint of the builder (for a hub: negotiate and the connection itself, all transports).</summary>
    public static TBuilder RequireSameOriginBrowsers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no request delegate to guard.");
            endpoint.RequestDelegate = context =>
            {
                if (IsAllowed(context))
                {
                    return inner(context);
                }

                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    internal static bool IsAllowed(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        // "null" (sandboxed frames, file: pages) and anything unparsable are foreign.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return false;
        }

        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        if (SameOrigin(originUri, own))
        {
            return true;
        }

        // Behind a TLS-terminating proxy the request arrives as http while the browser's Origin is the public https one.
        var publicUrl = context.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value.PublicUrl;
        return !string.IsNullOrWhiteSpace(publicUrl) && SameOrigin(originUri, publicUrl);
    }

    private static bool SameOrigin(Uri origin, string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var other)
        && string.Equals(origin.Scheme, other.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(origin.IdnHost, other.IdnHost, StringComparison.OrdinalIgnoreCase)
        && origin.Port == other.Port;
}
