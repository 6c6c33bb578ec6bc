using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using BlazorConsole.Web.Features.GitProviders.Pages;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Features.GitProviders;

internal static class GitProviderEndpoints
{
    /// <summary>REST under <c>/api/v1</c>: platform services (platform admins), personal services, bindings, repository browsing.</summary>
    public static RouteGroupBuilder MapGitProviderEndpoints(this RouteGroupBuilder api)
    {
        var platform = api.MapGroup("/platform/oauth-services").WithTags("OAuth services").RequireAuthorization(ConsolePolicies.PlatformAdmin);
        MapServiceCrud(platform, http => OAuthServiceOwner.Platform(http.User.RequiredUserId(), http.ActorName()), "/api/v1/platform/oauth-services", ConsolePolicies.PlatformAdmin);

        var mine = api.MapGroup("/me/oauth-services").WithTags("OAuth services").RequireAuthorization(ConsolePolicies.SignedIn);
        MapServiceCrud(mine, http => OAuthServiceOwner.Personal(http.User.RequiredUserId(), http.ActorName()), "/api/v1/me/oauth-services", ConsolePolicies.SignedIn);

        mine.MapGet("/{id:guid}/repositories", async Task<IResult> (Guid id, string? search, int? page, int? perPage, HttpContext http, OAuthBindingService bindings, IOptions<GitProviderOptions> options, CancellationToken ct) =>
            {
                var pageNumber = Math.Max(page ?? 1, 1);
                var size = Math.Clamp(perPage ?? options.Value.RepositoriesPerPage, 1, 100);
                var (result, repositories) = await bindings.UseProviderAsync(http.User.RequiredUserId(), id,
                    (client, token) => client.ListRepositoriesAsync(search, pageNumber, size, token), ct);
                return result.Succeeded ? TypedResults.Ok(repositories) : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("Repositories the caller's bound account can reach (own, organisations, groups); search by name, 1-based pages.");

        mine.MapGet("/{id:guid}/branches", async Task<IResult> (Guid id, string? repo, HttpContext http, OAuthBindingService bindings, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(repo))
                {
                    return ApiRouteGroup.Problem(ChangeResult.Fail("Name the repository: ?repo=owner/name."));
                }

                var (result, branches) = await bindings.UseProviderAsync(http.User.RequiredUserId(), id, (client, token) => client.ListBranchesAsync(repo, token), ct);
                return result.Succeeded ? TypedResults.Ok(branches) : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.SignedIn);

        mine.MapGet("/{id:guid}/tags", async Task<IResult> (Guid id, string? repo, HttpContext http, OAuthBindingService bindings, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(repo))
                {
                    return ApiRouteGroup.Problem(ChangeResult.Fail("Name the repository: ?repo=owner/name."));
                }

                var (result, tags) = await bindings.UseProviderAsync(http.User.RequiredUserId(), id, (client, token) => client.ListTagsAsync(repo, token), ct);
                return result.Succeeded ? TypedResults.Ok(tags) : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.SignedIn);

        var bindingsGroup = api.MapGroup("/me/oauth-bindings").WithTags("OAuth services").RequireAuthorization(ConsolePolicies.SignedIn);
        bindingsGroup.MapGet("", async (HttpContext http, OAuthBindingService bindings, CancellationToken ct) =>
                TypedResults.Ok(await bindings.ListAsync(http.User.RequiredUserId(), ct)))
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .WithSummary("Every enabled service the caller may bind, with the binding's status (not-bound, bound, expired). Never tokens.");

        bindingsGroup.MapDelete("/{serviceId:guid}", async Task<IResult> (Guid serviceId, HttpContext http, OAuthBindingService bindings, CancellationToken ct) =>
            {
                var result = await bindings.UnbindAsync(http.User.RequiredUserId(), http.ActorName(), serviceId, ct);
                return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(ConsolePolicies.SignedIn);

        return api;
    }

    private static void MapServiceCrud(RouteGroupBuilder group, Func<HttpContext, OAuthServiceOwner> ownerOf, string location, string policy)
    {
        group.MapGet("", async (HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
                TypedResults.Ok(await catalog.ListAsync(ownerOf(http), console.PublicBaseUrl(http.Request), ct)))
            .RequireAuthorization(policy);

        group.MapPost("", async Task<IResult> (OAuthServiceRequest request, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
            {
                var (result, service) = await catalog.CreateAsync(ownerOf(http), request, console.PublicBaseUrl(http.Request), ct);
                return result.Succeeded && service is not null ? TypedResults.Created($"{location}/{service.Id}", service) : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(policy)
            .WithSummary("Registers an OAuth service; clientSecret is stored encrypted and never returned.");

        group.MapPut("/{id:guid}", async Task<IResult> (Guid id, OAuthServiceRequest request, HttpContext http, OAuthServiceCatalog catalog, IOptions<ConsoleOptions> console, CancellationToken ct) =>
            {
                var (result, service) = await catalog.UpdateAsync(ownerOf(http), id, request, console.PublicBaseUrl(http.Request), ct);
                return result.Succeeded ? TypedResults.Ok(service) : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(policy)
            .WithSummary("Updates an OAuth service; an empty clientSecret keeps the stored one.");

        group.MapDelete("/{id:guid}", async Task<IResult> (Guid id, HttpContext http, OAuthServiceCatalog catalog, CancellationToken ct) =>
            {
                var result = await catalog.DeleteAsync(ownerOf(http), id, ct);
                return result.Succeeded ? TypedResults.NoContent() : ApiRouteGroup.Problem(result);
            })
            .RequireAuthorization(policy)
            .WithSummary("Deletes an OAuth service and the accounts bound through it.");
    }

    /// <summary>The browser flow (cookie sign-in): start at the provider, come back to <c>/console/oauth/redirect</c>.</summary>
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OAuthCallback.AuthorizePath + "/{serviceId:guid}", async Task<IResult> (Guid serviceId, string? returnUrl, HttpContext http, OAuthFlow flow, IOptions<ConsoleOptions> console, CancellationToken ct) =>
            {
                var (result, providerUrl) = await flow.StartAsync(http.User.RequiredUserId(), serviceId, returnUrl ?? "/account/oauth-bindings", console.PublicBaseUrl(http.Request), ct);
                return result.Succeeded && providerUrl is not null
                    ? TypedResults.Redirect(providerUrl.AbsoluteUri)
                    : Failure(result.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, "Authentication cannot start", result.Error ?? "");
            })
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ExcludeFromDescription();

        endpoints.MapGet(OAuthCallback.Path, async Task<IResult> (string? code, string? state, string? error, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "error_description")] string? errorDescription, HttpContext http, OAuthFlow flow, CancellationToken ct) =>
            {
                var completion = await flow.CompleteAsync(http.User.RequiredUserId(), http.ActorName(), code, state, error, errorDescription, ct);
                return completion.Succeeded
                    ? TypedResults.LocalRedirect(completion.ReturnUrl ?? "/account/oauth-bindings")
                    : Failure(StatusCodes.Status400BadRequest, "Authentication failed", completion.Message, completion.Failure);
            })
            .RequireAuthorization(ConsolePolicies.SignedIn)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static RazorComponentResult<OAuthResultPage> Failure(int status, string title, string message, OAuthFailure? failure = null) =>
        new(new { Title = title, Message = message, Reason = failure?.ToString() }) { StatusCode = status };
}
