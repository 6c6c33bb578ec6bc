using BlazorConsole.Application;
using System.Globalization;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Components;

namespace BlazorConsole.Web.Features.Components;

internal static class ComponentEndpoints
{
    public static RouteGroupBuilder MapComponentEndpoints(this RouteGroupBuilder api)
    {
        var components = api.MapGroup("").WithTags("Components");

        components.MapPost("/teams/{team}/components", CreateComponentAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .ProducesChangeProblems()
            .WithSummary("Creates a component; the response carries its webhook secret and API trigger key (shown this once).");

        components.MapGet("/teams/{team}/components", ListComponentsAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithSummary($"The team's components by application and name, {ComponentService.DefaultPerPage} a page (perPage up to {ComponentService.MaxPerPage}); X-Total-Count, and a Link rel=next while more follow.");

        components.MapGet("/components/{id:guid}", GetComponentAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component));

        components.MapPatch("/components/{id:guid}/build-source", UpdateBuildSourceAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .ProducesChangeProblems()
            .WithSummary("Changes the build source; rotating returns the new secret or key this once.");

        return api;
    }

    private static async Task<Results<Created<ComponentView>, ProblemHttpResult>> CreateComponentAsync(
        string team, CreateComponentRequest request, HttpContext http, ComponentOnboarding onboarding, IOptions<ConsoleOptions> options, CancellationToken ct)
    {
        var (result, component) = await onboarding.CreateAsync(team, request, options.PublicBaseUrl(http.Request), http.User.RequiredUserId(), http.ActorName(), ct);
        return result.Succeeded && component is not null
            ? TypedResults.Created($"{ApiRouteGroup.Prefix}/components/{component.Id}", component)
            : ApiRouteGroup.Problem(result);
    }

    private static async Task<Results<Ok<IReadOnlyList<ComponentSummary>>, NotFound>> ListComponentsAsync(
        string team, int? page, int? perPage, HttpContext http, ComponentService components, CancellationToken ct)
    {
        if (await components.ListPageAsync(team, page ?? 1, perPage ?? ComponentService.DefaultPerPage, ct) is not { } list)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers["X-Total-Count"] = list.Total.ToString(CultureInfo.InvariantCulture);
        if (list.HasNext)
        {
            http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}?page={list.Page + 1}&perPage={list.PerPage}>; rel=\"next\"";
        }

        return TypedResults.Ok(list.Items);
    }

    private static async Task<Results<Ok<ComponentView>, NotFound>> GetComponentAsync(
        Guid id, HttpContext http, ComponentService components, IOptions<ConsoleOptions> options, CancellationToken ct) =>
        await components.FindAsync(id, options.PublicBaseUrl(http.Request), ct) is { } component ? TypedResults.Ok(component) : TypedResults.NotFound();

    private static async Task<Results<Ok<ComponentView>, ProblemHttpResult>> UpdateBuildSourceAsync(
        Guid id, UpdateBuildSourceRequest request, HttpContext http, ComponentService components, IOptions<ConsoleOptions> options, CancellationToken ct)
    {
        var (result, component) = await components.UpdateBuildSourceAsync(id, request, options.PublicBaseUrl(http.Request), http.User.RequiredUserId(), http.ActorName(), ct);
        return result.Succeeded && component is not null ? TypedResults.Ok(component) : ApiRouteGroup.Problem(result);
    }
}
