using BlazorConsole.Application;
using BlazorConsole.Data;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using BlazorConsole.Application.Webhooks;
using WebhookAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<BlazorConsole.Web.Features.Webhooks.WebhookResponse>,
    Microsoft.AspNetCore.Http.HttpResults.NotFound,
    Microsoft.AspNetCore.Http.HttpResults.StatusCodeHttpResult,
    BlazorConsole.Web.Features.Webhooks.RetryLaterResult>;

namespace BlazorConsole.Web.Features.Webhooks;

internal static class WebhookEndpoints
{
    /// <summary>The provider-facing URLs: no login (the signature or key is the credential), never cookies.</summary>
    public static IEndpointRouteBuilder MapWebhookReceivers(this IEndpointRouteBuilder endpoints)
    {
        var receivers = endpoints.MapGroup("/console").WithTags("Webhooks").AllowAnonymous().DisableAntiforgery();
        // Every answer but this one is for a stored delivery: without the database there is nothing to acknowledge,
        // and a 503 with Retry-After makes the provider send it again (never a 2xx for what was not stored).
        receivers.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception e) when (e.IsDatabaseFailure())
            {
                context.HttpContext.Response.Headers.RetryAfter = "10";
                return TypedResults.Json(
                    new WebhookResponse(null, "unavailable", Detail: "The console cannot store deliveries right now (its database does not answer); send it again later."),
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        receivers.MapPost("/webhooks/{componentId:guid}", ReceiveWebhookAsync)
            .ProducesWebhookAnswers()
            .WithSummary("Git provider webhook (GitHub, GitLab, Gitee, Gitea, Gogs); provider detected from headers.");

        receivers.MapPost("/custom/deploy/{componentId:guid}", TriggerCustomDeployAsync)
            .ProducesWebhookAnswers()
            .WithSummary("Custom API trigger: {\"secret_key\": \"…\", \"ref\"?: \"…\"}.");
        return endpoints;
    }

    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        var deliveries = api.MapGroup("").WithTags("Deliveries");

        deliveries.MapGet("/components/{id:guid}/deliveries", ListDeliveriesAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithSummary($"The component's webhook deliveries, newest first, {DeliveryService.PageSize} a page.");

        deliveries.MapGet("/deliveries/{id:long}", GetDeliveryAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Delivery))
            .WithSummary("One delivery with its (masked) headers and body.");

        deliveries.MapPost("/deliveries/{id:long}/redeliver", RedeliverAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Delivery))
            .ProducesChangeProblems()
            .WithSummary("Re-evaluates a stored delivery with today's rules.");
        return api;
    }

    private static Task<WebhookAnswer> ReceiveWebhookAsync(Guid componentId, HttpContext http, WebhookReceiver receiver) =>
        receiver.ReceiveAsync(componentId, http);

    private static Task<WebhookAnswer> TriggerCustomDeployAsync(Guid componentId, HttpContext http, CustomDeployTrigger trigger) =>
        trigger.TriggerAsync(componentId, http);

    private static async Task<Ok<IReadOnlyList<DeliveryListItem>>> ListDeliveriesAsync(Guid id, int? page, DeliveryService deliveries, CancellationToken ct) =>
        TypedResults.Ok(await deliveries.ListAsync(id, page ?? 1, ct));

    private static async Task<Results<Ok<DeliveryDetails>, NotFound>> GetDeliveryAsync(long id, DeliveryService deliveries, CancellationToken ct) =>
        await deliveries.FindAsync(id, ct) is { } details ? TypedResults.Ok(details) : TypedResults.NotFound();

    private static async Task<Results<Ok<DeliveryListItem>, ProblemHttpResult>> RedeliverAsync(long id, HttpContext http, DeliveryService deliveries, CancellationToken ct)
    {
        var (result, delivery) = await deliveries.RedeliverAsync(id, http.User.RequiredUserId(), http.ActorName(), ct);
        return result.Succeeded && delivery is not null ? TypedResults.Ok(delivery) : ApiRouteGroup.Problem(result);
    }

    /// <summary>
    /// The outcomes in API.md's webhook table. The receivers pick the status at run time (JSON with a computed status,
    /// Kestrel's 408/413), so the union type alone cannot describe them.
    /// </summary>
    private static RouteHandlerBuilder ProducesWebhookAnswers(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<WebhookResponse>(StatusCodes.Status200OK)
        .Produces<WebhookResponse>(StatusCodes.Status202Accepted)
        .Produces<WebhookResponse>(StatusCodes.Status400BadRequest)
        .Produces<WebhookResponse>(StatusCodes.Status401Unauthorized)
        .Produces(StatusCodes.Status404NotFound)
        .Produces(StatusCodes.Status408RequestTimeout)
        .Produces(StatusCodes.Status413PayloadTooLarge)
        .Produces(StatusCodes.Status429TooManyRequests);
}
