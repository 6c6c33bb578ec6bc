using BlazorConsole.Pipeline.Routing;
using BlazorConsole.Pipeline.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the deploy module: <see cref="RuntimeOptions"/> (section <c>Runtime</c>, validated on start),
    /// <see cref="IRuntime"/> as the engine <c>Runtime:Default</c> names (engines register themselves with
    /// <see cref="AddRuntimeEngine{TRuntime}"/>), the YARP in-memory routes (<see cref="AppRouter"/>), health checks,
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RuntimeOptions>, RuntimeEngineChoice>());

        services.AddReverseProxy().LoadFromMemory([], []);
        services.TryAddSingleton(provider => new AppsDomain(appsDomain(provider).Trim('.').ToLowerInvariant()));
        services.TryAddSingleton<AppRouter>();
        services.TryAddSingleton(RuntimeEngineChoice.Resolve);
        services.TryAddSingleton<RuntimeEngines>();
        services.TryAddSingleton<HealthChecker>();
        services.TryAddSingleton<RuntimeLog>();
        services.TryAddSingleton<ComponentVariableStore>();
        services.TryAddSingleton<ReleaseManager>();
        services.TryAddSingleton<IDeployer>(provider => provider.GetRequiredService<ReleaseManager>());
        services.AddHostedService<ReleaseReconciler>();
        services.AddHostedService<ReleaseRouteFollower>(); // several replicas: routes follow the others' promotions
        return services;
    }

    /// <summary>
    /// Registers a runtime engine under <paramref name="name"/>, the value of <c>Runtime:Default</c> that picks it (and
    /// that its releases store). Each engine's own <c>Add*Runtime()</c> calls this; registering one twice is harmless.
    /// </summary>
    public static IServiceCollection AddRuntimeEngine<TRuntime>(this IServiceCollection services, string name)
        where TRuntime : class, IRuntime
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.TryAddKeyedSingleton<IRuntime, TRuntime>(name);
        if (!services.Any(d => d.ServiceType == typeof(RuntimeEngineName) && d.ImplementationInstance is RuntimeEngineName known && known.Name == name))
        {
            services.AddSingleton(new RuntimeEngineName(name));
        }

        return services;
    }
}

/// <summary>One registered runtime engine's name (see <see cref="RuntimeServiceCollectionExtensions.AddRuntimeEngine{TRuntime}"/>).</summary>
public sealed record RuntimeEngineName(string Name);

/// <summary>Checks <c>Runtime:Default</c> against the registered engines, and resolves <see cref="IRuntime"/> to the chosen one.</summary>
internal sealed class RuntimeEngineChoice(IEnumerable<RuntimeEngineName> engines) : IValidateOptions<RuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var known = engines.Select(e => e.Name).ToList();
        if (known.Count == 0)
        {
            return ValidateOptionsResult.Fail("No runtime engine is registered (the host must call AddConsoleEngines or an engine's Add*Runtime).");
        }

        return Find(known, options.Default) is not null || string.IsNullOrWhiteSpace(options.Default)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Runtime:Default '{options.Default}' is not a runtime of this console; known: {string.Join(", ", known)}.");
    }

    public static IRuntime Resolve(IServiceProvider provider)
    {
        var chosen = provider.GetRequiredService<IOptions<RuntimeOptions>>().Value.Default; // validated: throws naming the setting when wrong
        var known = provider.GetServices<RuntimeEngineName>().Select(e => e.Name).ToList();
        var name = Find(known, chosen) ?? throw new InvalidOperationException($"Runtime:Default '{chosen}' is not a runtime of this console.");
        return provider.GetRequiredKeyedService<IRuntime>(name);
    }

    private static string? Find(IEnumerable<string> known, string? chosen) =>
        known.FirstOrDefault(k => string.Equals(k, chosen?.Trim(), StringComparison.OrdinalIgnoreCase));
}
