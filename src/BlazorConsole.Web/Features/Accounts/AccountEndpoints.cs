using BlazorConsole.Application;
using BlazorConsole.Data;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Web.Features.Accounts;

internal static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token (bound from the form), never a link a third party can trigger.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", LogoutAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ExcludeFromDescription();
        return endpoints;
    }

    // returnUrl is not followed (sign-out always lands on the login page); binding a form value is what makes the
    // endpoint validate the antiforgery token.
    private static async Task<RedirectHttpResult> LogoutAsync(HttpContext http, SignInManager<ConsoleUser> signInManager, AuditTrail audit, [FromForm] string? returnUrl)
    {
        var userId = http.User.RequiredUserId();
        var name = http.User.Identity?.Name;
        await signInManager.SignOutAsync();
        await audit.RecordAsync(AuditActions.SignOut, userId, name, remoteIp: http.Connection.RemoteIpAddress?.ToString());
        return TypedResults.LocalRedirect("/account/login");
    }
}
