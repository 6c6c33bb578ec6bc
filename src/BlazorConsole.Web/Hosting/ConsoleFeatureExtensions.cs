using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Components;
using BlazorConsole.Web.Features.Accounts;
using BlazorConsole.Web.Features.Api;
using BlazorConsole.Web.Features.Builds;
using BlazorConsole.Web.Features.Components;
using BlazorConsole.Web.Features.Webhooks;
using BlazorConsole.Web.Features.GitProviders;
using BlazorConsole.Web.Features.Health;
using BlazorConsole.Web.Features.Platform;
using BlazorConsole.Web.Features.Releases;
using BlazorConsole.Pipeline.Events;
using BlazorConsole.Pipeline.Routing;
using BlazorConsole.Web.Features.Teams;
using BlazorConsole.Web.Features.Tokens;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using System.Text.Json.Serialization;
using MudBlazor.Services;
using BlazorConsole.Application.Auditing;
using BlazorConsole.Application.Teams;
using BlazorConsole.Application.Tokens;
using BlazorConsole.Application.Dashboard;

namespace BlazorConsole.Web.Hosting;

internal static class ConsoleFeatureExtensions
{
    public static WebApplicationBuilder AddConsoleFeatures(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddProblemDetails();
        services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityDocumentTransformer>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddConsoleAuth();

        services.AddSingleton<ConsoleReadiness>();
        // A dependency that does not answer degrades the replica (not ready) without failing it (alive); Redis adds its own.
        services.AddHealthChecks()
            .AddCheck<ConsoleReadinessHealthCheck>("startup")
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: ["ready"]);
        services.AddHostedService<DatabaseInitializer>();

        services.AddAuditing();
        services.AddTeams();
        services.AddTokens();
        services.AddScoped<AccountProvisioning>();
        services.AddDashboard();
        // Every feature publishes to or listens on the one event stream (Redis-backed with several replicas: then the
        // engines registered it first, and this is a no-op).
        services.AddInProcessEventStream();
        services.AddComponentsFeature();
        services.AddWebhooksFeature();
        services.AddBuildsFeature(builder.Configuration);
        builder.AddGitProvidersFeature();
        services.AddReleasesFeature();
        return builder;
    }

    public static WebApplication UseConsolePipeline(this WebApplication app)
    {
        // First: hosts under Console:AppsDomain are deployed apps (YARP), and none of the console's middleware applies to them.
        app.UseDeployedApps();
        app.UseConsoleSecurityHeaders();

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // Page requests get a proper 404 page; the API and webhook endpoints keep their JSON or empty bodies.
        app.UseWhen(
            context => HttpMethods.IsGet(context.Request.Method)
                && !context.Request.Path.StartsWithSegments("/api")
                && !context.Request.Path.StartsWithSegments("/console"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

        // Routing after the status-code pages, so a re-executed request is routed again to the 404 page.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapConsoleEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // /healthz: alive and started (503 only before start-up finished); /healthz/ready also needs the database and Redis
        // to answer (503 otherwise): load balancers send people to another replica meanwhile, nothing restarts this one.
        app.MapHealthChecks("/healthz", HealthResponse.Options(ready: false)).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", HealthResponse.Options(ready: true)).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();

        app.MapApiV1()
            .MapTeamEndpoints()
            .MapTokenEndpoints()
            .MapPlatformEndpoints()
            .MapComponentEndpoints()
            .MapDeliveryEndpoints()
            .MapBuildEndpoints()
            .MapReleaseEndpoints()
            .MapGitProviderEndpoints();

        app.MapWebhookReceivers();
        app.MapBuildLogHub();

        app.MapAccountEndpoints();
        app.MapOAuthEndpoints();
        // The console's own Content-Security-Policy (ConsoleSecurityHeaders) carries frame-ancestors 'none'; Blazor's
        // separate frame-ancestors header would only duplicate it.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
