using BlazorConsole.Application.Auditing;
using BlazorConsole.Git.Providers;
using BlazorConsole.Pipeline.Workers;

namespace BlazorConsole.Application.GitProviders;

public static class GitProvidersUseCases
{
    /// <summary>
    /// Git providers: OAuth services (platform and personal), the authorization flow and account binding, and the
    /// pipeline's view of the bindings (<see cref="IOAuthBindingAccess"/>: clone tokens, commit statuses).
    /// </summary>
    public static IServiceCollection AddGitProviders(this IServiceCollection services)
    {
        services.AddOptions<GitProviderOptions>()
            .BindConfiguration(GitProviderOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddGitProviderClients();
        services.AddAuditing();
        services.AddSingleton<OAuthServiceCatalog>();
        services.AddSingleton<ProviderErrorDisclosure>();
        services.AddSingleton<OAuthBindingService>();
        services.AddSingleton<OAuthFlow>();
        services.AddSingleton<IOAuthBindingAccess, OAuthBindingAccess>();
        return services;
    }
}
