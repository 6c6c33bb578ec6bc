using BlazorConsole.Application;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using BlazorConsole.Application.Builds;

namespace BlazorConsole.Web.Features.Builds;

internal static class ComponentLanguageEndpoints
{
    public static RouteGroupBuilder MapComponentLanguageEndpoints(this RouteGroupBuilder builds)
    {
        builds.MapGet("/components/{id:guid}/language", GetLanguageAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithSummary("The component's language: detected (file, commit, time), chosen instead (if any), and the one the next build uses.");

        builds.MapPost("/components/{id:guid}/language/detect", DetectLanguageAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Checks out the head of the component's branch, detects its language and stores it; 422 with the reason when the checkout fails.");

        builds.MapPut("/components/{id:guid}/language", SetLanguageAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .ProducesChangeProblems()
            .WithSummary("Chooses the language builds use ({\"language\":\"Python\"}); {\"language\":null} goes back to detecting it.");
        return builds;
    }

    private static async Task<Results<Ok<ComponentLanguageView>, NotFound>> GetLanguageAsync(Guid id, ComponentLanguages languages, CancellationToken ct) =>
        await languages.FindAsync(id, ct) is { } language ? TypedResults.Ok(language) : TypedResults.NotFound();

    private static async Task<Results<Ok<ComponentLanguageView>, ProblemHttpResult>> DetectLanguageAsync(Guid id, ComponentLanguages languages, CancellationToken ct)
    {
        var (result, language) = await languages.DetectAsync(id, ct);
        return result.Succeeded && language is not null ? TypedResults.Ok(language)
            : result.NotFound ? ApiRouteGroup.Problem(result)
            : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The language could not be detected", detail: result.Error);
    }

    private static async Task<Results<Ok<ComponentLanguageView>, ProblemHttpResult>> SetLanguageAsync(
        Guid id, SetComponentLanguageRequest request, ComponentLanguages languages, HttpContext http, CancellationToken ct)
    {
        var (result, language) = await languages.SetOverrideAsync(id, request.Language, http.User.RequiredUserId(), http.ActorName(), ct);
        return result.Succeeded && language is not null ? TypedResults.Ok(language) : ApiRouteGroup.Problem(result);
    }
}
