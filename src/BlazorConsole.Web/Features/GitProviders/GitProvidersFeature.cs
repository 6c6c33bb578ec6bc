using BlazorConsole.Application.GitProviders;

namespace BlazorConsole.Web.Features.GitProviders;

/// <summary>Git providers: the use cases (Application: OAuth services, flow, bindings) and how the API document describes OAuth types.</summary>
internal static class GitProvidersFeature
{
    public static WebApplicationBuilder AddGitProvidersFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddGitProviders();
        services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(OAuthTypeOpenApi.Describe);
        return builder;
    }
}
