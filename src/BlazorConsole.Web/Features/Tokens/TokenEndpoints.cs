using BlazorConsole.Application;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using BlazorConsole.Application.Tokens;

namespace BlazorConsole.Web.Features.Tokens;

public sealed record CreateApiTokenRequest(string Name, int? ExpiresInDays);

public sealed record CreatedApiTokenResponse(Guid Id, string Name, string Prefix, DateTimeOffset? ExpiresAt, string Token);

/// <summary>The caller's account as <c>GET /me</c> shows it.</summary>
public sealed record CurrentUserResponse(string Id, string? Email, bool IsPlatformAdmin);

internal static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me");

        me.MapGet("", GetCurrentUser)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("The caller's account.");

        me.MapGet("/tokens", ListTokensAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn);

        me.MapPost("/tokens", CreateTokenAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ProducesChangeProblems()
            .WithSummary("Creates a token; its value is in this response only.");

        me.MapDelete("/tokens/{id:guid}", RevokeTokenAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ProducesChangeProblems();

        return api;
    }

    private static Ok<CurrentUserResponse> GetCurrentUser(HttpContext http) =>
        TypedResults.Ok(new CurrentUserResponse(http.User.RequiredUserId(), http.User.Identity?.Name, http.User.IsPlatformAdmin()));

    private static async Task<Ok<IReadOnlyList<ApiTokenView>>> ListTokensAsync(HttpContext http, ApiTokenService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(http.User.RequiredUserId(), ct));

    private static async Task<Results<Created<CreatedApiTokenResponse>, ProblemHttpResult>> CreateTokenAsync(
        CreateApiTokenRequest request, HttpContext http, ApiTokenService service, CancellationToken ct)
    {
        var (result, created) = await service.CreateAsync(http.User.RequiredUserId(), http.ActorName(), request.Name, request.ExpiresInDays, ct);
        if (!result.Succeeded || created is null)
        {
            return ApiRouteGroup.Problem(result);
        }

        var token = created.Token;
        return TypedResults.Created($"{ApiRouteGroup.Prefix}/me/tokens/{token.Id}", new CreatedApiTokenResponse(token.Id, token.Name, token.Prefix, token.ExpiresAt, created.PlainToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, HttpContext http, ApiTokenService service, CancellationToken ct)
    {
        var result = await service.RevokeAsync(http.User.RequiredUserId(), http.ActorName(), id, ct);
        return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
    }
}
