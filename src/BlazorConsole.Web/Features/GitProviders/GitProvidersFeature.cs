using BlazorConsole.Git.Providers;

namespace BlazorConsole.Web.Features.GitProviders;

/// <summary>Git providers: OAuth services (platform and personal), account binding, repository browsing.</summary>
internal static class GitProvidersFeature
{
    public static WebApplicationBuilder AddGitProviders(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GitProviderOptions>()
            .BindConfiguration(GitProviderOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddGitProviderClients();
        services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(OAuthTypeOpenApi.Describe);
        services.AddSingleton<OAuthServiceCatalog>();
        services.AddSingleton<ProviderErrorDisclosure>();
        services.AddSingleton<OAuthBindingService>();
        services.AddSingleton<OAuthFlow>();
        return builder;
    }
}
