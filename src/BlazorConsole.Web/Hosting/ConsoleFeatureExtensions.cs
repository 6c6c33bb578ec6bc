using BlazorConsole.Web.Auth;
using BlazorConsole.Web.Components;
using BlazorConsole.Web.Features.Accounts;
using BlazorConsole.Web.Features.Api;
using BlazorConsole.Web.Features.Auditing;
using BlazorConsole.Web.Features.GitProviders;
using BlazorConsole.Web.Features.Health;
using BlazorConsole.Web.Features.Platform;
using BlazorConsole.Web.Features.Teams;
using BlazorConsole.Web.Features.Tokens;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using System.Text.Json.Serialization;
using MudBlazor.Services;

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
        services.AddHealthChecks().AddCheck<ConsoleReadinessHealthCheck>("startup");
        services.AddHostedService<DatabaseInitializer>();

        services.AddSingleton<AuditTrail>();
        services.AddSingleton<TeamService>();
        services.AddSingleton<ApiTokenService>();
        services.AddScoped<AccountProvisioning>();
        builder.AddGitProviders();
        return builder;
    }

    public static WebApplication MapConsoleEndpoints(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResultStatusCodes = { [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable } })
            .AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();

        app.MapApiV1()
            .MapTeamEndpoints()
            .MapTokenEndpoints()
            .MapPlatformEndpoints()
            .MapGitProviderEndpoints();

        app.MapAccountEndpoints();
        app.MapOAuthEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
