using BlazorConsole.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using BlazorConsole.Application;

namespace BlazorConsole.Web.Features.Api;

internal static class ApiRouteGroup
{
    public const string Prefix = "/api/v1";

    /// <summary>
    /// <c>/api/v1</c>: bearer API tokens only (no cookies, so no cross-site request can ride a browser session),
    /// signed in at least; each endpoint narrows this with its own named policy.
    /// </summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .RequireAuthorization(new AuthorizeAttribute(ConsolePolicies.SignedIn) { AuthenticationSchemes = ApiTokenDefaults.Scheme });
        return api;
    }

    /// <summary>A failed change as an RFC 9457 problem: 404 when the thing is missing, 400 otherwise.</summary>
    public static ProblemHttpResult Problem(ChangeResult result) => result.NotFound
        ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Error)
        : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be carried out", detail: result.Error);

    /// <summary>
    /// Declares the two problems <see cref="Problem(ChangeResult)"/> answers with. A <see cref="ProblemHttpResult"/> picks its
    /// status at run time, so it adds nothing to the OpenAPI document by itself.
    /// </summary>
    public static RouteHandlerBuilder ProducesChangeProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status400BadRequest);

    public static string ActorName(this HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
