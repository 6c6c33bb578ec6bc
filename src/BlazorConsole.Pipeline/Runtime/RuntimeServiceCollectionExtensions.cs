using BlazorConsole.Pipeline.Routing;
using BlazorConsole.Pipeline.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the deploy module: <see cref="RuntimeOptions"/> (section <c>Runtime</c>, validated on start), the
    /// process runtime behind <see cref="IRuntime"/>, the YARP in-memory routes (<see cref="AppRouter"/>), health checks,
    /// the runtime log, component variables, <see cref="ReleaseManager"/> as <see cref="IDeployer"/> and the start-up
    /// reconcile. Also registers the pipeline building blocks it uses (idempotent).
    /// </summary>
    public static IServiceCollection AddDeployRuntime(this IServiceCollection services, Func<IServiceProvider, string> dataDirectory, Func<IServiceProvider, string> appsDomain)
    {
        ArgumentNullException.ThrowIfNull(appsDomain);
        services.AddBuildPipelineBlocks(dataDirectory);
        services.AddInProcessEventStream(); // releases announce their transitions (a host may register another stream first)
        services.AddOptions<RuntimeOptions>()
            .BindConfiguration(RuntimeOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.HealthCheckPath) || o.HealthCheckPath.StartsWith('/'), "Runtime:HealthCheckPath must start with '/' (or be empty for a TCP check).")
            .Validate(o => o.RestartBackoffMaxSeconds >= o.RestartBackoffSeconds, "Runtime:RestartBackoffMaxSeconds must not be below Runtime:RestartBackoffSeconds.")
            .ValidateOnStart();

        services.AddReverseProxy().LoadFromMemory([], []);
        services.TryAddSingleton(provider => new AppsDomain(appsDomain(provider).Trim('.').ToLowerInvariant()));
        services.TryAddSingleton<AppRouter>();
        services.TryAddSingleton<IRuntime, ProcessRuntime>();
        services.TryAddSingleton<HealthChecker>();
        services.TryAddSingleton<RuntimeLog>();
        services.TryAddSingleton<ComponentVariableStore>();
        services.TryAddSingleton<ReleaseManager>();
        services.TryAddSingleton<IDeployer>(provider => provider.GetRequiredService<ReleaseManager>());
        services.AddHostedService<ReleaseReconciler>();
        return services;
    }
}
