using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Accounts;
using BlazorConsole.Web.Features.Api;
using BlazorConsole.Web.Features.Auditing;

namespace BlazorConsole.Web.Features.Platform;

public sealed record CreateUserRequest(string Email, string Password, string? DisplayName, bool IsPlatformAdmin);

internal static class PlatformEndpoints
{
    public static RouteGroupBuilder MapPlatformEndpoints(this RouteGroupBuilder api)
    {
        var platform = api.MapGroup("/platform").WithTags("Platform").RequireAuthorization(ConsolePolicies.PlatformAdmin);

        platform.MapGet("/users", async (AccountProvisioning accounts, CancellationToken ct) => TypedResults.Ok(await accounts.ListUsersAsync(ct)))
            .RequireAuthorization(ConsolePolicies.PlatformAdmin);

        platform.MapPost("/users", async Task<IResult> (CreateUserRequest request, HttpContext http, AccountProvisioning accounts, CancellationToken ct) =>
            {
                var (user, error) = await accounts.CreateUserByAdminAsync(request.Email ?? "", request.Password ?? "", request.DisplayName, request.IsPlatformAdmin, http.User.RequiredUserId(), http.ActorName(), ct);
                return user is null
                    ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The account cannot be created", detail: error)
                    : TypedResults.Created($"{ApiRouteGroup.Prefix}/platform/users/{user.Id}", new { id = user.Id, email = user.Email });
            })
            .RequireAuthorization(ConsolePolicies.PlatformAdmin);

        platform.MapGet("/audit", async (AuditTrail audit, int? take, CancellationToken ct) =>
                TypedResults.Ok(await audit.RecentAsync(Math.Clamp(take ?? 100, 1, 1000), ct)))
            .RequireAuthorization(ConsolePolicies.PlatformAdmin)
            .WithSummary("The most recent audit entries, newest first.");

        return api;
    }
}
