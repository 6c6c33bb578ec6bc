using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Api;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using BlazorConsole.Application.Releases;

namespace BlazorConsole.Web.Features.Releases;

internal static class ReleaseEndpoints
{
    public static RouteGroupBuilder MapReleaseEndpoints(this RouteGroupBuilder api)
    {
        var releases = api.MapGroup("").WithTags("Releases");

        releases.MapGet("/components/{id:guid}/release", GetReleaseAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithSummary("The component's release: status (Starting, Running, Stopped, Failed), app URL, build, live process state.");

        releases.MapGet("/components/{id:guid}/rollback-targets", ListRollbackTargetsAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithSummary("Builds whose artifact is kept and can be rolled back to.");

        releases.MapGet("/components/{id:guid}/runtime-log", GetRuntimeLog)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            // Text results carry no response metadata of their own.
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .WithSummary("The component's runtime log (app stdout/stderr, starts, health checks, swaps) from line N.");

        releases.MapPost("/components/{id:guid}/rollback", RollbackAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deploys a kept build again (zero-downtime swap); 422 with the health log when it fails its health check.");

        MapReleaseAction(releases, "start", StartReleaseAsync);
        MapReleaseAction(releases, "stop", StopReleaseAsync);
        MapReleaseAction(releases, "restart", RestartReleaseAsync);

        releases.MapGet("/components/{id:guid}/env", ListVariablesAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithSummary("The component's environment variables; secret values are never returned (value null).");

        releases.MapPut("/components/{id:guid}/env", ReplaceVariablesAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Replaces the environment variables (applied at the next start, restart or deploy); a secret without a value keeps its stored value.");

        releases.MapGet("/components/{id:guid}/runtime", GetContainerSettingsAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .WithSummary("Where the component's releases run (its runtime choice, the effective one, the engines of this console) and its Dockerfile path and target.");

        releases.MapPut("/components/{id:guid}/runtime", ChangeContainerSettingsAsync)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .ProducesChangeProblems()
            .WithSummary("Sets {runtime, dockerfilePath, dockerTarget} (null = default: Runtime:Default, Dockerfile at the root, the last stage); applied at the next build and deploy.");
        return api;
    }

    private static async Task<Results<Ok<ContainerSettingsView>, NotFound>> GetContainerSettingsAsync(Guid id, ContainerSettings settings, CancellationToken ct) =>
        await settings.FindAsync(id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<Results<Ok<ContainerSettingsView>, ProblemHttpResult>> ChangeContainerSettingsAsync(
        Guid id, ContainerSettingsRequest request, ContainerSettings settings, HttpContext http, CancellationToken ct)
    {
        var (result, view) = await settings.ChangeAsync(id, request, http.User, ct);
        return result.Succeeded && view is not null ? TypedResults.Ok(view) : ApiRouteGroup.Problem(result);
    }

    private static void MapReleaseAction(RouteGroupBuilder releases, string action, Delegate handler) =>
        releases.MapPost($"/components/{{id:guid}}/{action}", handler)
            .RequireAuthorization(ConsolePolicies.TeamDeveloper)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Component))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary($"{char.ToUpperInvariant(action[0])}{action[1..]}s the component's current release; answers with the release status.");

    private static async Task<Ok<ReleaseResponse>> GetReleaseAsync(Guid id, HttpContext http, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct) =>
        TypedResults.Ok(ReleaseResponse.From(await releases.GetStatusAsync(id, ct), options.PublicBaseUrl(http.Request)));

    private static async Task<Ok<IEnumerable<RollbackTargetResponse>>> ListRollbackTargetsAsync(Guid id, ReleaseManager releases, CancellationToken ct) =>
        TypedResults.Ok((await releases.RollbackTargetsAsync(id, ct)).Select(t => new RollbackTargetResponse(t.BuildId, t.CreatedAt, t.StartCommand)));

    private static ContentHttpResult GetRuntimeLog(Guid id, long? from, RuntimeLog log) =>
        TypedResults.Text(string.Concat(log.Read(id, Math.Max(1, from ?? 1), 10_000).Select(l => l.Text + "\n")), "text/plain; charset=utf-8");

    private static async Task<Results<Ok<ReleaseResponse>, ProblemHttpResult, UnprocessableEntity<ReleaseActionFailedResponse>>> RollbackAsync(
        Guid id, RollbackRequest request, HttpContext http, ReleaseActions actions, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct) =>
        await AnswerAsync(await actions.RollbackAsync(id, request.BuildId, http.User, ct), id, http, releases, options, ct);

    private static async Task<Results<Ok<ReleaseResponse>, ProblemHttpResult, UnprocessableEntity<ReleaseActionFailedResponse>>> StartReleaseAsync(
        Guid id, HttpContext http, ReleaseActions actions, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct) =>
        await AnswerAsync(await actions.StartAsync(id, http.User, ct), id, http, releases, options, ct);

    private static async Task<Results<Ok<ReleaseResponse>, ProblemHttpResult, UnprocessableEntity<ReleaseActionFailedResponse>>> StopReleaseAsync(
        Guid id, HttpContext http, ReleaseActions actions, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct) =>
        await AnswerAsync(await actions.StopAsync(id, http.User, ct), id, http, releases, options, ct);

    private static async Task<Results<Ok<ReleaseResponse>, ProblemHttpResult, UnprocessableEntity<ReleaseActionFailedResponse>>> RestartReleaseAsync(
        Guid id, HttpContext http, ReleaseActions actions, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct) =>
        await AnswerAsync(await actions.RestartAsync(id, http.User, ct), id, http, releases, options, ct);

    private static async Task<Ok<IReadOnlyList<VariableView>>> ListVariablesAsync(Guid id, ComponentVariableStore variables, CancellationToken ct) =>
        TypedResults.Ok(await variables.ListAsync(id, ct));

    private static async Task<Results<Ok<IReadOnlyList<VariableView>>, ProblemHttpResult>> ReplaceVariablesAsync(
        Guid id, ReplaceVariablesRequest request, HttpContext http, VariableChanges changes, ComponentVariableStore variables, CancellationToken ct)
    {
        var error = await changes.ReplaceAsync(id, request.Variables ?? [], http.User, ct);
        return error is null
            ? TypedResults.Ok(await variables.ListAsync(id, ct))
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The variables cannot be saved", detail: error);
    }

    /// <summary>A release action answers with the release status; 404 when there was nothing to act on, 422 when the release failed.</summary>
    private static async Task<Results<Ok<ReleaseResponse>, ProblemHttpResult, UnprocessableEntity<ReleaseActionFailedResponse>>> AnswerAsync(
        ReleaseResult result, Guid id, HttpContext http, ReleaseManager releases, IOptions<ConsoleOptions> options, CancellationToken ct)
    {
        if (result.ReleaseId == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Detail);
        }

        var view = ReleaseResponse.From(await releases.GetStatusAsync(id, ct), options.PublicBaseUrl(http.Request));
        return result.Status == ReleaseStatus.Failed
            ? TypedResults.UnprocessableEntity(new ReleaseActionFailedResponse(result.ReleaseId, result.Status, result.Detail, result.HealthLog, view))
            : TypedResults.Ok(view);
    }
}

public sealed record RollbackTargetResponse(long BuildId, DateTimeOffset CreatedAt, string? StartCommand);

/// <summary>The 422 of a release action: the failed release, why, its health log, and the release that is current now.</summary>
public sealed record ReleaseActionFailedResponse(long ReleaseId, ReleaseStatus Status, string? Detail, string? HealthLog, ReleaseResponse Current);

public sealed record RollbackRequest(long BuildId);

public sealed record ReplaceVariablesRequest(IReadOnlyList<VariableInput>? Variables);

/// <param name="Pid">The release's process id on the console's machine, when its runtime has one (the process runtime).</param>
/// <param name="Instance">The runtime's name for the running instance (<c>pid 1234</c>, later a container id).</param>
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
    string? HealthLog,
    string? Instance)
{
    public static ReleaseResponse From(ReleaseStatusView view, string consoleBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Status, ReleasesFeature.AppUrl(view.Host, consoleBaseUrl), view.BuildId, view.ReleaseId, view.State, view.HostProcessId,
            view.Restarts, view.LastExit, view.Detail, view.LatestAttempt, view.HealthLog, view.Instance);
    }
}
