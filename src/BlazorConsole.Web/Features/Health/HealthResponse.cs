using System.Text.Json;
using BlazorConsole.Data.Leases;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorConsole.Web.Features.Health;

/// <summary>
/// The body of <c>/healthz</c> and <c>/healthz/ready</c>: the start-up state, which replica answered, the leases it
/// holds now and the state of each dependency (database, Redis).
/// </summary>
internal sealed record HealthResponse(
    string Status, string? Description, string ReplicaId, IReadOnlyList<HeldLeaseResponse> Leases, IReadOnlyList<HealthCheckResponse> Checks)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the report as JSON; behind a load balancer, tells which replica runs the singletons.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var services = context.RequestServices;
        var leases = services.GetRequiredService<HeldLeases>().Snapshot().Select(lease => new HeldLeaseResponse(lease.Name, lease.Since)).ToList();
        var body = new HealthResponse(
            report.Status.ToString(),
            // The start-up state says what /healthz always said; each dependency has its own entry in Checks.
            report.Entries.TryGetValue("startup", out var startup) ? startup.Description : null,
            services.GetRequiredService<ReplicaIdentity>().Id,
            leases,
            report.Entries.Select(entry => new HealthCheckResponse(entry.Key, entry.Value.Status.ToString(), entry.Value.Description)).ToList());
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    /// <param name="ready">Readiness: a degraded replica (a dependency does not answer) answers 503 too.</param>
    public static HealthCheckOptions Options(bool ready) => new()
    {
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = ready ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}

internal sealed record HeldLeaseResponse(string Name, DateTimeOffset Since);

internal sealed record HealthCheckResponse(string Name, string Status, string? Description);
