using System.Text;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Features.Builds.Workers;

namespace BlazorConsole.Web.Features.Builds;

internal static class BuildLogEndpoints
{
    /// <summary><c>GET /builds/{id}/log?from=N</c>: the log as plain text, one line each, from line N (1 = all).</summary>
    public static RouteGroupBuilder MapBuildLogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/builds/{id:long}/log", async Task<IResult> (long id, long? from, BuildQueries builds, BuildLogStore logs, CancellationToken ct) =>
            {
                if (await builds.FindAsync(id, ct) is null)
                {
                    return TypedResults.NotFound();
                }

                var lines = logs.Read(BuildWorkers.BuildKey(id), Math.Max(1, from ?? 1));
                var text = new StringBuilder();
                foreach (var line in lines)
                {
                    text.Append(line.Text).Append('\n');
                }

                return TypedResults.Text(text.ToString(), "text/plain", Encoding.UTF8);
            })
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Build))
            .WithTags("Builds")
            .WithSummary("The build's log as plain text, one line each, from line `from` (1 = the whole log).");
        return api;
    }

    /// <summary>
    /// <c>GET /builds/{id}/log.txt</c>: the page's download link. Outside <c>/api</c> because the API takes bearer tokens
    /// only and the browser has its sign-in cookie.
    /// </summary>
    public static WebApplication MapBuildLogDownload(this WebApplication app)
    {
        app.MapGet("/builds/{id:long}/log.txt", (long id, BuildLogStore logs) =>
            {
                var text = new StringBuilder();
                foreach (var line in logs.Read(BuildWorkers.BuildKey(id)))
                {
                    text.Append(line.Text).Append('\n');
                }

                return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", $"build-{id}.log");
            })
            .RequireAuthorization(ConsolePolicies.TeamViewer)
            .WithMetadata(new TeamScopeAttribute(TeamScopedResource.Build))
            .ExcludeFromDescription();
        return app;
    }
}
