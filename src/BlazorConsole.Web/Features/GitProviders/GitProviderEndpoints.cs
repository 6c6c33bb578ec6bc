using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using BlazorConsole.Web.Features.GitProviders.Pages;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using BlazorConsole.Application;
using BlazorConsole.Application.GitProviders;

namespace BlazorConsole.Web.Features.GitProviders;

internal static class GitProviderEndpoints
{
    private const string PlatformServicesPath = ApiRouteGroup.Prefix + "/platform/oauth-services";
    private const string PersonalServicesPath = ApiRouteGroup.Prefix + "/me/oauth-services";

    /// <summary>REST under <c>/api/v1</c>: platform services (platform admins), personal services, bindings, repository browsing.</summary>
    public static RouteGroupBuilder MapGitProviderEndpoints(this RouteGroupBuilder api)
    {
        var platform = api.MapGroup("/platform/oauth-services").WithTags("OAuth services").RequireAuthorization(ConsolePolicies.PlatformAdmin);
        MapServiceCrud(platform, ConsolePolicies.PlatformAdmin, ListPlatformServicesAsync, CreatePlatformServiceAsync, UpdatePlatformServiceAsync, DeletePlatformServiceAsync);

        var mine = api.MapGroup("/me/oauth-services").WithTags("OAuth services").RequireAuthorization(ConsolePolicies.SignedIn);
        MapServiceCrud(mine, ConsolePolicies.SignedIn, ListPersonalServicesAsync, CreatePersonalServiceAsync, UpdatePersonalServiceAsync, DeletePersonalServiceAsync);

        mine.MapGet("/{id:guid}/repositories", ListRepositoriesAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ProducesChangeProblems()
            .WithSummary("Repositories the caller's bound account can reach (own, organisations, groups); search by name, 1-based pages.");

        mine.MapGet("/{id:guid}/branches", ListBranchesAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ProducesChangeProblems();

        mine.MapGet("/{id:guid}/tags", ListTagsAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ProducesChangeProblems();

        var bindingsGroup = api.MapGroup("/me/oauth-bindings").WithTags("OAuth services").RequireAuthorization(ConsolePolicies.SignedIn);
        bindingsGroup.MapGet("", ListBindingsAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("Every enabled service the caller may bind, with the binding's status (not-bound, bound, expired). Never tokens.");

        bindingsGroup.MapDelete("/{serviceId:guid}", UnbindAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ProducesChangeProblems();

        return api;
    }

    /// <summary>The same four operations for platform and personal services; each handler knows whose services it serves.</summary>
    private static void MapServiceCrud(RouteGroupBuilder group, string policy, Delegate list, Delegate create, Delegate update, Delegate delete)
    {
        group.MapGet("", list)
            .RequireAuthorization(policy);

        group.MapPost("", create)
            .RequireAuthorization(policy)
            .ProducesChangeProblems()
            .WithSummary("Registers an OAuth service; clientSecret is stored encrypted and never returned.");

        group.MapPut("/{id:guid}", update)
            .RequireAuthorization(policy)
            .ProducesChangeProblems()
            .WithSummary("Updates an OAuth service; an empty clientSecret keeps the stored one.");

        group.MapDelete("/{id:guid}", delete)
            .RequireAuthorization(policy)
            .ProducesChangeProblems()
            .WithSummary("Deletes an OAuth service and the accounts bound through it.");
    }

    private static OAuthServiceOwner PlatformOwner(HttpContext http) => OAuthServiceOwner.Platform(http.User.RequiredUserId(), http.ActorName());

    private static OAuthServiceOwner PersonalOwner(HttpContext http) => OAuthServiceOwner.Personal(http.User.RequiredUserId(), http.ActorName());

    private static Task<Ok<IReadOnlyList<OAuthServiceView>>> ListPlatformServicesAsync(HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
        ListServicesAsync(PlatformOwner(http), http, catalog, console, ct);

    private static Task<Results<Created<OAuthServiceView>, ProblemHttpResult>> CreatePlatformServiceAsync(
        OAuthServiceRequest request, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
        CreateServiceAsync(PlatformOwner(http), PlatformServicesPath, request, http, catalog, console, ct);

    private static Task<Results<Ok<OAuthServiceView>, ProblemHttpResult>> UpdatePlatformServiceAsync(
        Guid id, OAuthServiceRequest request, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
        UpdateServiceAsync(PlatformOwner(http), id, request, http, catalog, console, ct);

    private static Task<Results<NoContent, ProblemHttpResult>> DeletePlatformServiceAsync(Guid id, HttpContext http, OAuthServiceCatalog catalog, CancellationToken ct) =>
        DeleteServiceAsync(PlatformOwner(http), id, catalog, ct);

    private static Task<Ok<IReadOnlyList<OAuthServiceView>>> ListPersonalServicesAsync(HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
        ListServicesAsync(PersonalOwner(http), http, catalog, console, ct);

    private static Task<Results<Created<OAuthServiceView>, ProblemHttpResult>> CreatePersonalServiceAsync(
        OAuthServiceRequest request, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
        CreateServiceAsync(PersonalOwner(http), PersonalServicesPath, request, http, catalog, console, ct);

    private static Task<Results<Ok<OAuthServiceView>, ProblemHttpResult>> UpdatePersonalServiceAsync(
        Guid id, OAuthServiceRequest request, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
        UpdateServiceAsync(PersonalOwner(http), id, request, http, catalog, console, ct);

    private static Task<Results<NoContent, ProblemHttpResult>> DeletePersonalServiceAsync(Guid id, HttpContext http, OAuthServiceCatalog catalog, CancellationToken ct) =>
        DeleteServiceAsync(PersonalOwner(http), id, catalog, ct);

    private static async Task<Ok<IReadOnlyList<OAuthServiceView>>> ListServicesAsync(
        OAuthServiceOwner owner, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
        TypedResults.Ok(await catalog.ListAsync(owner, console.PublicBaseUrl(http.Request), ct));

    private static async Task<Results<Created<OAuthServiceView>, ProblemHttpResult>> CreateServiceAsync(
        OAuthServiceOwner owner, string location, OAuthServiceRequest request, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct)
    {
        var (result, service) = await catalog.CreateAsync(owner, request, console.PublicBaseUrl(http.Request), ct);
        return result.Succeeded && service is not null ? TypedResults.Created($"{location}/{service.Id}", service) : ApiRouteGroup.Problem(result);
    }

    private static async Task<Results<Ok<OAuthServiceView>, ProblemHttpResult>> UpdateServiceAsync(
        OAuthServiceOwner owner, Guid id, OAuthServiceRequest request, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct)
    {
        var (result, service) = await catalog.UpdateAsync(owner, id, request, console.PublicBaseUrl(http.Request), ct);
        return result.Succeeded && service is not null ? TypedResults.Ok(service) : ApiRouteGroup.Problem(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteServiceAsync(OAuthServiceOwner owner, Guid id, OAuthServiceCatalog catalog, CancellationToken ct)
    {
        var result = await catalog.DeleteAsync(owner, id, ct);
        return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
    }

    private static async Task<Results<Ok<RepositoryPage>, ProblemHttpResult>> ListRepositoriesAsync(
        Guid id, string? search, int? page, int? perPage, HttpContext http, OAuthBindingService bindings, IOptions<GitProviderOptions> options, CancellationToken ct)
    {
        var pageNumber = Math.Max(page ?? 1, 1);
        var size = Math.Clamp(perPage ?? options.Value.RepositoriesPerPage, 1, 100);
        var (result, repositories) = await bindings.UseProviderAsync(http.User.RequiredUserId(), id,
            (client, token) => client.ListRepositoriesAsync(search, pageNumber, size, token), ct);
        return result.Succeeded && repositories is not null ? TypedResults.Ok(repositories) : ApiRouteGroup.Problem(result);
    }

    private static async Task<Results<Ok<IReadOnlyList<ProviderBranch>>, ProblemHttpResult>> ListBranchesAsync(
        Guid id, string? repo, HttpContext http, OAuthBindingService bindings, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(repo))
        {
            return ApiRouteGroup.Problem(MissingRepository);
        }

        var (result, branches) = await bindings.UseProviderAsync(http.User.RequiredUserId(), id, (client, token) => client.ListBranchesAsync(repo, token), ct);
        return result.Succeeded && branches is not null ? TypedResults.Ok(branches) : ApiRouteGroup.Problem(result);
    }

    private static async Task<Results<Ok<IReadOnlyList<ProviderTag>>, ProblemHttpResult>> ListTagsAsync(
        Guid id, string? repo, HttpContext http, OAuthBindingService bindings, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(repo))
        {
            return ApiRouteGroup.Problem(MissingRepository);
        }

        var (result, tags) = await bindings.UseProviderAsync(http.User.RequiredUserId(), id, (client, token) => client.ListTagsAsync(repo, token), ct);
        return result.Succeeded && tags is not null ? TypedResults.Ok(tags) : ApiRouteGroup.Problem(result);
    }

    private static ChangeResult MissingRepository => ChangeResult.Fail("Name the repository: ?repo=owner/name.");

    private static async Task<Ok<IReadOnlyList<OAuthBindingView>>> ListBindingsAsync(HttpContext http, OAuthBindingService bindings, CancellationToken ct) =>
        TypedResults.Ok(await bindings.ListAsync(http.User.RequiredUserId(), ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> UnbindAsync(Guid serviceId, HttpContext http, OAuthBindingService bindings, CancellationToken ct)
    {
        var result = await bindings.UnbindAsync(http.User.RequiredUserId(), http.ActorName(), serviceId, ct);
        return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
    }

    /// <summary>The browser flow (cookie sign-in): start at the provider, come back to <c>/console/oauth/redirect</c>.</summary>
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OAuthCallback.AuthorizePath + "/{serviceId:guid}", StartAuthenticationAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ExcludeFromDescription();

        endpoints.MapGet(OAuthCallback.Path, CompleteAuthenticationAsync)
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult<OAuthResultPage>>> StartAuthenticationAsync(
        Guid serviceId, string? returnUrl, HttpContext http, OAuthFlow flow, IOptions<ConsoleOptions> console, CancellationToken ct)
    {
        var (result, providerUrl) = await flow.StartAsync(http.User.RequiredUserId(), serviceId, returnUrl ?? "/account/oauth-bindings", console.PublicBaseUrl(http.Request), ct);
        return result.Succeeded && providerUrl is not null
            ? TypedResults.Redirect(providerUrl.AbsoluteUri)
            : Failure(result.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, "Authentication cannot start", result.Error ?? "");
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult<OAuthResultPage>>> CompleteAuthenticationAsync(
        string? code, string? state, string? error, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "error_description")] string? errorDescription,
        HttpContext http, OAuthFlow flow, CancellationToken ct)
    {
        var completion = await flow.CompleteAsync(http.User.RequiredUserId(), http.ActorName(), code, state, error, errorDescription, ct);
        return completion.Succeeded
            ? TypedResults.LocalRedirect(completion.ReturnUrl ?? "/account/oauth-bindings")
            : Failure(StatusCodes.Status400BadRequest, "Authentication failed", completion.Message, completion.Failure);
    }

    private static RazorComponentResult<OAuthResultPage> Failure(int status, string title, string message, OAuthFailure? failure = null) =>
        new(new { Title = title, Message = message, Reason = failure?.ToString() }) { StatusCode = status };
}
