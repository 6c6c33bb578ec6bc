using BlazorConsole.Application;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Accounts;
using BlazorConsole.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Web.Features.Platform;

public sealed record CreateUserRequest(string Email, string Password, string? DisplayName, bool IsPlatformAdmin);

/// <summary>The account a platform admin just created.</summary>
public sealed record CreatedUserResponse(string Id, string? Email);

internal static class PlatformEndpoints
{
    public static RouteGroupBuilder MapPlatformEndpoints(this RouteGroupBuilder api)
    {
        var platform = api.MapGroup("/platform").WithTags("Platform").RequireAuthorization(ConsolePolicies.PlatformAdmin);

        platform.MapGet("/users", ListUsersAsync)
            .RequireAuthorization(ConsolePolicies.PlatformAdmin);

        platform.MapPost("/users", CreateUserAsync)
            .RequireAuthorization(ConsolePolicies.PlatformAdmin)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        platform.MapGet("/audit", ListAuditEntriesAsync)
            .RequireAuthorization(ConsolePolicies.PlatformAdmin)
            .WithSummary("The most recent audit entries, newest first.");

        return api;
    }

    private static async Task<Ok<IReadOnlyList<UserView>>> ListUsersAsync(AccountProvisioning accounts, CancellationToken ct) =>
        TypedResults.Ok(await accounts.ListUsersAsync(ct));

    private static async Task<Results<Created<CreatedUserResponse>, ProblemHttpResult>> CreateUserAsync(
        CreateUserRequest request, HttpContext http, AccountProvisioning accounts, CancellationToken ct)
    {
        var (user, error) = await accounts.CreateUserByAdminAsync(request.Email ?? "", request.Password ?? "", request.DisplayName, request.IsPlatformAdmin, http.User.RequiredUserId(), http.ActorName(), ct);
        return user is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The account cannot be created", detail: error)
            : TypedResults.Created($"{ApiRouteGroup.Prefix}/platform/users/{user.Id}", new CreatedUserResponse(user.Id, user.Email));
    }

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> ListAuditEntriesAsync(AuditTrail audit, int? take, CancellationToken ct) =>
        TypedResults.Ok(await audit.RecentAsync(Math.Clamp(take ?? 100, 1, 1000), ct));
}
