using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorConsole.Application.Auditing;

public static class AuditingUseCases
{
    /// <summary>The audit trail every use case records its changes in; each capability asks for it, it is added once.</summary>
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.TryAddSingleton<AuditTrail>();
        return services;
    }
}
