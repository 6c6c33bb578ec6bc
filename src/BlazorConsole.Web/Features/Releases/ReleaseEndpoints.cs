using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Hosting;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Features.Releases;

internal static class ReleaseEndpoints
{
    public static RouteGroupBuilder MapReleaseEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/components/{id:guid}/release", async (Guid id, HttpContext http, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct) =>
                TypedResults.Ok(ReleaseResponse.From(await releases.GetStatusAsync(id, ct), options.PublicBaseUrl(http.Request))))
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Releases")
            .WithSummary("The component's release: status (Starting, Running, Stopped, Failed), app URL, build, live process state.");

        api.MapGet("/components/{id:guid}/rollback-targets", async (Guid id, ReleaseManager releases, CancellationToken ct) =>
                TypedResults.Ok((await releases.RollbackTargetsAsync(id, ct)).Select(t => new { t.BuildId, t.CreatedAt, t.StartCommand })))
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Releases")
            .WithSummary("Builds whose artifact is kept and can be rolled back to.");

        api.MapGet("/components/{id:guid}/runtime-log", async (Guid id, long? from, RuntimeLog log, CancellationToken ct) =>
            {
                await Task.Yield();
                var lines = log.Read(id, Math.Max(1, from ?? 1), 10_000);
                return TypedResults.Text(string.Concat(lines.Select(l => l.Text + "\n")), "text/plain; charset=utf-8");
            })
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Releases")
            .WithSummary("The component's runtime log (app stdout/stderr, starts, health checks, swaps) from line N.");

        api.MapPost("/components/{id:guid}/rollback", async Task<IResult> (Guid id, RollbackRequest request, HttpContext http, ReleaseActions actions, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct) =>
                await ActionResultAsync(await actions.RollbackAsync(id, request.BuildId, http.User, ct), id, http, releases, options, ct))
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Releases")
            .WithSummary("Deploys a kept build again (zero-downtime swap); 422 with the health log when it fails its health check.");

        MapAction(api, "start", (actions, id, user, ct) => actions.StartAsync(id, user, ct));
        MapAction(api, "stop", (actions, id, user, ct) => actions.StopAsync(id, user, ct));
        MapAction(api, "restart", (actions, id, user, ct) => actions.RestartAsync(id, user, ct));

        api.MapGet("/components/{id:guid}/env", async (Guid id, ComponentVariableStore variables, CancellationToken ct) => TypedResults.Ok(await variables.ListAsync(id, ct)))
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Releases")
            .WithSummary("The component's environment variables; secret values are never returned (value null).");

        api.MapPut("/components/{id:guid}/env", async Task<IResult> (Guid id, ReplaceVariablesRequest request, HttpContext http, VariableChanges changes, ComponentVariableStore variables, CancellationToken ct) =>
            {
                var error = await changes.ReplaceAsync(id, request.Variables ?? [], http.User, ct);
                return error is null
                    ? TypedResults.Ok(await variables.ListAsync(id, ct))
                    : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The variables cannot be saved", detail: error);
            })
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Releases")
            .WithSummary("Replaces the environment variables (applied at the next start, restart or deploy); a secret without a value keeps its stored value.");
        return api;
    }

    private static void MapAction(RouteGroupBuilder api, string action, Func<ReleaseActions, Guid, System.Security.Claims.ClaimsPrincipal, CancellationToken, Task<ReleaseResult>> run) =>
        api.MapPost($"/components/{{id:guid}}/{action}", async Task<IResult> (Guid id, HttpContext http, ReleaseActions actions, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct) =>
                await ActionResultAsync(await run(actions, id, http.User, ct), id, http, releases, options, ct))
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithTags("Releases")
            .WithSummary($"{char.ToUpperInvariant(action[0])}{action[1..]}s the component's current release; answers with the release status.");

    private static async Task<IResult> ActionResultAsync(ReleaseResult result, Guid id, HttpContext http, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct)
    {
        if (result.ReleaseId == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Detail);
        }

        var view = ReleaseResponse.From(await releases.GetStatusAsync(id, ct), options.PublicBaseUrl(http.Request));
        return result.Status == ReleaseStatus.Failed
            ? TypedResults.UnprocessableEntity(new { releaseId = result.ReleaseId, status = result.Status, detail = result.Detail, healthLog = result.HealthLog, current = view })
            : TypedResults.Ok(view);
    }
}

public sealed record RollbackRequest(long BuildId);

public sealed record ReplaceVariablesRequest(IReadOnlyList<VariableInput>? Variables);

public sealed record ReleaseResponse(
    ReleaseStatus Status,
    string? Url,
    long? BuildId,
    long? ReleaseId,
    string? State,
    int? Pid,
    int Restarts,
    string? LastExit,
    string? Detail,
    ReleaseSummary? LatestAttempt,
    string? HealthLog)
{
    public static ReleaseResponse From(ReleaseStatusView view, string consoleBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Status, ReleasesFeature.AppUrl(view.Host, consoleBaseUrl), view.BuildId, view.ReleaseId, view.State, view.ProcessId,
            view.Restarts, view.LastExit, view.Detail, view.LatestAttempt, view.HealthLog);
    }
}
