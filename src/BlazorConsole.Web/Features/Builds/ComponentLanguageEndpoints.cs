using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;

namespace BlazorConsole.Web.Features.Builds;

internal static class ComponentLanguageEndpoints
{
    public static RouteGroupBuilder MapComponentLanguageEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/components/{id:guid}/language", async Task<IResult> (Guid id, ComponentLanguages languages, CancellationToken ct) =>
                await languages.FindAsync(id, ct) is { } language ? TypedResults.Ok(language) : TypedResults.NotFound())
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Builds")
            .WithSummary("The component's language: detected (file, commit, time), chosen instead (if any), and the one the next build uses.");

        api.MapPost("/components/{id:guid}/language/detect", async Task<IResult> (Guid id, ComponentLanguages languages, CancellationToken ct) =>
            {
                var (result, language) = await languages.DetectAsync(id, ct);
                return result.Succeeded ? TypedResults.Ok(language)
                    : result.NotFound ? ApiRouteGroup.Problem(result)
                    : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The language could not be detected", detail: result.Error);
            })
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Builds")
            .WithSummary("Checks out the head of the component's branch, detects its language and stores it; 422 with the reason when the checkout fails.");

        api.MapPut("/components/{id:guid}/language", async Task<IResult> (Guid id, SetComponentLanguageRequest request, ComponentLanguages languages, HttpContext http, CancellationToken ct) =>
            {
                var (result, language) = await languages.SetOverrideAsync(id, request.Language, http.User.RequiredUserId(), http.ActorName(), ct);
                return result.Succeeded ? TypedResults.Ok(language) : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Builds")
            .WithSummary("Chooses the language builds use ({\"language\":\"Python\"}); {\"language\":null} goes back to detecting it.");
        return api;
    }
}
