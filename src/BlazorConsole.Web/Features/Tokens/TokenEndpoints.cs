using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;

namespace BlazorConsole.Web.Features.Tokens;

public sealed record CreateApiTokenRequest(string Name, int? ExpiresInDays);

public sealed record CreatedApiTokenResponse(Guid Id, string Name, string Prefix, DateTimeOffset? ExpiresAt, string Token);

internal static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me");

        me.MapGet("", (HttpContext http) => TypedResults.Ok(new
            {
                id = http.User.RequiredUserId(),
                email = http.User.Identity?.Name,
                isPlatformAdmin = http.User.IsPlatformAdmin(),
            }))
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("The caller's account.");

        me.MapGet("/tokens", async (HttpContext http, ApiTokenService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(http.User.RequiredUserId(), ct)))
            .RequireAuthorization(ConsolePolicies.SignedIn);

        me.MapPost("/tokens", async Task<IResult> (CreateApiTokenRequest request, HttpContext http, ApiTokenService service, CancellationToken ct) =>
            {
                var (result, created) = await service.CreateAsync(http.User.RequiredUserId(), http.ActorName(), request.Name, request.ExpiresInDays, ct);
                if (!result.Succeeded || created is null)
                {
                    return ApiRouteGroup.Problem(result);
                }

                var t = created.Token;
                return TypedResults.Created($"{ApiRouteGroup.Prefix}/me/tokens/{t.Id}", new CreatedApiTokenResponse(t.Id, t.Name, t.Prefix, t.ExpiresAt, created.PlainToken));
            })
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("Creates a token; its value is in this response only.");

        me.MapDelete("/tokens/{id:guid}", async Task<IResult> (Guid id, HttpContext http, ApiTokenService service, CancellationToken ct) =>
            {
                var result = await service.RevokeAsync(http.User.RequiredUserId(), http.ActorName(), id, ct);
                return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.SignedIn);

        return api;
    }
}
