using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;

namespace BlazorConsole.Web.Features.Webhooks;

internal static class WebhookEndpoints
{
    /// <summary>The provider-facing URLs: no login (the signature or key is the credential), never cookies.</summary>
    public static IEndpointRouteBuilder MapWebhookReceivers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/console/webhooks/{componentId:guid}", (Guid componentId, HttpContext http, WebhookReceiver receiver) => receiver.ReceiveAsync(componentId, http))
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Webhooks")
            .WithSummary("Git provider webhook (GitHub, GitLab, Gitee, Gitea, Gogs); provider detected from headers.");

        endpoints.MapPost("/console/custom/deploy/{componentId:guid}", (Guid componentId, HttpContext http, CustomDeployTrigger trigger) => trigger.TriggerAsync(componentId, http))
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Webhooks")
            .WithSummary("Custom API trigger: {\"secret_key\": \"…\", \"ref\"?: \"…\"}.");
        return endpoints;
    }

    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/components/{id:guid}/deliveries", async (Guid id, int? page, DeliveryService deliveries, CancellationToken ct) =>
                TypedResults.Ok(await deliveries.ListAsync(id, page ?? 1, ct)))
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Deliveries")
            .WithSummary($"The component's webhook deliveries, newest first, {DeliveryService.PageSize} a page.");

        api.MapGet("/deliveries/{id:long}", async Task<IResult> (long id, DeliveryService deliveries, CancellationToken ct) =>
                await deliveries.FindAsync(id, ct) is { } details ? TypedResults.Ok(details) : TypedResults.NotFound())
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Delivery))
            .WithTags("Deliveries")
            .WithSummary("One delivery with its (masked) headers and body.");

        api.MapPost("/deliveries/{id:long}/redeliver", async Task<IResult> (long id, HttpContext http, DeliveryService deliveries, CancellationToken ct) =>
            {
                var (result, delivery) = await deliveries.RedeliverAsync(id, http.User.RequiredUserId(), http.ActorName(), ct);
                return result.Succeeded ? TypedResults.Ok(delivery) : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Delivery))
            .WithTags("Deliveries")
            .WithSummary("Re-evaluates a stored delivery with today's rules.");
        return api;
    }
}
