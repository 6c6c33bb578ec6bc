using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Releases;

public static class ReleasesUseCases
{
    /// <summary>What people do to a release (rollback, start, stop, restart), its variables and where it runs, each audited.</summary>
    public static IServiceCollection AddReleases(this IServiceCollection services) =>
        services.AddAuditing().AddSingleton<ReleaseActions>().AddSingleton<VariableChanges>().AddSingleton<ContainerSettings>();
}
