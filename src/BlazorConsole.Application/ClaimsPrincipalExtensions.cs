using System.Security.Claims;
using BlazorConsole.Data;

namespace BlazorConsole.Application;

public static class ClaimsPrincipalExtensions
{
    public static string RequiredUserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The caller is not signed in.");

    public static bool IsPlatformAdmin(this ClaimsPrincipal user) => user.IsInRole(ConsoleRoles.PlatformAdmin);
}
