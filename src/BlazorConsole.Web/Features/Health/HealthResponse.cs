using System.Text.Json;
using BlazorConsole.Data.Leases;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorConsole.Web.Features.Health;

/// <summary>The body of <c>/healthz</c>: the start-up state, which replica answered and the leases it holds now.</summary>
internal sealed record HealthResponse(string Status, string? Description, string ReplicaId, IReadOnlyList<HeldLeaseResponse> Leases)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the report as JSON; behind a load balancer, tells which replica runs the singletons.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var services = context.RequestServices;
        var leases = services.GetRequiredService<HeldLeases>().Snapshot().Select(lease => new HeldLeaseResponse(lease.Name, lease.Since)).ToList();
        var body = new HealthResponse(
            report.Status.ToString(),
            report.Entries.Values.Select(entry => entry.Description).FirstOrDefault(d => d is not null),
            services.GetRequiredService<ReplicaIdentity>().Id,
            leases);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    public static HealthCheckOptions Options() => new()
    {
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}

internal sealed record HeldLeaseResponse(string Name, DateTimeOffset Since);
