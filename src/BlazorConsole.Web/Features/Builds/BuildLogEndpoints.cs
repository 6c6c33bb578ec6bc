using System.Text;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Web.Auth;
using BlazorConsole.Pipeline.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using BlazorConsole.Application.Builds;

namespace BlazorConsole.Web.Features.Builds;

internal static class BuildLogEndpoints
{
    /// <summary><c>GET /builds/{id}/log?from=N</c>: the log as plain text, one line each, from line N (1 = all).</summary>
    public static RouteGroupBuilder MapBuildLogEndpoints(this RouteGroupBuilder builds)
    {
        builds.MapGet("/builds/{id:long}/log", GetBuildLogAsync)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Build))
            // Text results carry no response metadata of their own.
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .WithSummary("The build's log as plain text, one line each, from line `from` (1 = the whole log).");
        return builds;
    }

    /// <summary>
    /// <c>GET /builds/{id}/log.txt</c>: the page's download link. Outside <c>/api</c> because the API takes bearer tokens
    /// only and the browser has its sign-in cookie.
    /// </summary>
    public static WebApplication MapBuildLogDownload(this WebApplication app)
    {
        app.MapGet("/builds/{id:long}/log.txt", DownloadBuildLog)
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Build))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<ContentHttpResult, NotFound>> GetBuildLogAsync(long id, long? from, BuildQueries builds, BuildLogStore logs, CancellationToken ct)
    {
        if (await builds.FindAsync(id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Text(JoinLines(logs.Read(BuildWorkers.BuildKey(id), Math.Max(1, from ?? 1))), "text/plain", Encoding.UTF8);
    }

    private static FileContentHttpResult DownloadBuildLog(long id, BuildLogStore logs) =>
        TypedResults.File(Encoding.UTF8.GetBytes(JoinLines(logs.Read(BuildWorkers.BuildKey(id)))), "text/plain; charset=utf-8", $"build-{id}.log");

    private static string JoinLines(IEnumerable<BuildLogLine> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.Text).Append('\n');
        }

        return text.ToString();
    }
}
